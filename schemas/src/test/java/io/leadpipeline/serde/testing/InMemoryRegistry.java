package io.leadpipeline.serde.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two calls of the Confluent registry API the serde makes (register, schema by id), over real
 * HTTP on 127.0.0.1, for unit tests of every module; ITs use the local stack's registry. It also
 * plays the registry's failures: {@link #stop()}/{@link #start()} are an outage on the same port,
 * {@link #forget()} a restart of an in-memory registry (ids are handed out again from 1),
 * {@link #restore} a registry restored from a snapshot, {@link #failWith} a scripted error answer.
 * Published to the other modules in the {@code schemas} test-jar.
 */
public final class InMemoryRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BY_ID = "/schemas/ids/";

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /**
   * A path of its own: the serde's registry clients are shared per URL within a JVM, so a registry
   * given the port an earlier test's registry had must not meet that one's cached schema ids.
   */
  private final String base = "/registry-" + INSTANCES.incrementAndGet();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<Integer, String> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> idBySchema = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1);
  private final int port;
  private volatile int failStatus;
  private volatile String failBody = "";
  private HttpServer server;

  public InMemoryRegistry() {
    this(0);
  }

  /** A registry on {@code port} (0: any free one). */
  InMemoryRegistry(int port) {
    server = bind(port);
    this.port = server.getAddress().getPort();
  }

  int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port + base;
  }

  /** Every request so far, as {@code "METHOD /path"}, oldest first. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The schema registered under {@code id}, if any. */
  public Optional<String> schema(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** From now on every call is answered with {@code status} and {@code body} (may be empty). */
  public void failWith(int status, String body) {
    failBody = body;
    failStatus = status;
  }

  /** The registry stops answering: connections are refused. */
  public synchronized void stop() {
    server.stop(0);
  }

  /** Back on the same port, with the schemas it had. */
  public synchronized void start() {
    server = bind(port);
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

  private HttpServer bind(int at) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
      s.createContext("/", this::handle);
      s.start();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.startsWith(base)) {
      path = path.substring(base.length());
    }
    requests.add(ex.getRequestMethod() + " " + path);
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int code = 200;
    String answer;
    if (failStatus != 0) {
      code = failStatus;
      answer = failBody;
    } else if (path.startsWith(BY_ID)) {
      String schema = byId.get(Integer.parseInt(path.substring(BY_ID.length())));
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
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  @Override
  public synchronized void close() {
    server.stop(0);
  }
}
