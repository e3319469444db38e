package io.leadpipeline.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two calls of the Confluent registry API the serde makes (register, schema by id), for unit
 * tests on TopologyTestDriver. Integration tests use the real registry of the local stack.
 */
public final class InMemoryRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<Integer, String> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1);

  public InMemoryRegistry() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int code = 200;
    String answer;
    if (path.startsWith("/schemas/ids/")) {
      String schema = byId.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
      if (schema == null) {
        code = 404;
        answer = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
      } else {
        answer = JSON.createObjectNode().put("schema", schema).toString();
      }
    } else {
      String schema = JSON.readTree(body).path("schema").asText();
      int id = idBySchema.computeIfAbsent(schema, s -> {
        int n = next.getAndIncrement();
        byId.put(n, s);
        return n;
      });
      answer = "{\"id\":" + id + "}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  /** Loses every schema, as an in-memory registry does on restart: ids start again from 1. */
  public void forget() {
    byId.clear();
    idBySchema.clear();
    next.set(1);
  }

  /** Learns {@code schema} under {@code id} again, as a registry restored from a snapshot does. */
  public void restore(int id, String schema) {
    byId.put(id, schema);
    idBySchema.putIfAbsent(schema, id);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
