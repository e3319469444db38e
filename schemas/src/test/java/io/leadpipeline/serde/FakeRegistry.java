package io.leadpipeline.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP peer for unit tests of the client's error mapping and caching. Integration tests
 * use the real registry the local stack starts.
 */
final class FakeRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<String> requests = new CopyOnWriteArrayList<>();
  final Map<Integer, String> schemas = new ConcurrentHashMap<>();
  volatile int status = 200;
  volatile String errorBody = "";
  private final HttpServer server;

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String answer;
    int code = status;
    if (code != 200) {
      answer = errorBody;
    } else if (path.startsWith("/schemas/ids/")) {
      String schema = schemas.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
      if (schema == null) {
        code = 404;
        answer = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
      } else {
        answer = JSON.createObjectNode().put("schema", schema).toString();
      }
    } else {
      JsonNode request = JSON.readTree(body);
      int id = 100 + schemas.size();
      schemas.put(id, request.path("schema").asText());
      answer = "{\"id\":" + id + "}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
