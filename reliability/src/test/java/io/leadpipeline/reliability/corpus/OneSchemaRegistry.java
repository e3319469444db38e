package io.leadpipeline.reliability.corpus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * For unit-speed fuzzing only (the ITs use the real registry): answers the Confluent API's
 * "schema by id" for one schema under id 1, and 404 with error code 40403 for every other id.
 */
final class OneSchemaRegistry implements AutoCloseable {
  private final HttpServer server;

  OneSchemaRegistry(Schema schema) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String body = "{\"schema\":" + quote(schema.toString()) + "}";
    server.createContext("/schemas/ids/", exchange -> {
      boolean known = exchange.getRequestURI().getPath().equals("/schemas/ids/1");
      byte[] answer = (known ? body : "{\"error_code\":40403,\"message\":\"Schema not found\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(known ? 200 : 404, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
