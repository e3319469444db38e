package io.leadpipeline.ops.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadpipeline.ops.Repository;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ops/docker/http-ok.sh, the containers' healthcheck, against a real HTTP server on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthcheckScriptTest {
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health/ready", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("UP".getBytes());
      exchange.close();
    });
    server.createContext("/health/starting", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static int exitCode(int port, String path) throws Exception {
    Process p = new ProcessBuilder("bash", Repository.file("ops/docker/http-ok.sh").toString(), Integer.toString(port), path)
        .redirectErrorStream(true)
        .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void healthyWhenTheEndpointAnswers200() throws Exception {
    assertThat(exitCode(server.getAddress().getPort(), "/health/ready")).isZero();
  }

  @Test
  void unhealthyWhenTheEndpointAnswersAnythingElse() throws Exception {
    assertThat(exitCode(server.getAddress().getPort(), "/health/starting")).isNotZero();
    assertThat(exitCode(server.getAddress().getPort(), "/nothing-here")).isNotZero();
  }

  @Test
  void unhealthyWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertThat(exitCode(port, "/health/ready")).isNotZero();
  }
}
