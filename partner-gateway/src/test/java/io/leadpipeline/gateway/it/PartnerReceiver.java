package io.leadpipeline.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A partner's webhook receiver on loopback, as a partner would write one: it verifies every
 * signature with the Standard Webhooks library, answers with the status the test sets, and keeps
 * what it acknowledged deduplicated by webhook-id.
 */
final class PartnerReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Hit(String webhookId, String type, int status, long atNanos) {}

  private final HttpServer server;
  private final Webhook verifier;
  private final IntSupplier status;
  final List<Hit> hits = new CopyOnWriteArrayList<>();
  /** First acknowledgement of each webhook-id: the partner's dedupe. */
  final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  final Set<String> acknowledgedNotices = ConcurrentHashMap.newKeySet();
  final Map<String, List<String>> noticeLeads = new ConcurrentHashMap<>();
  final AtomicInteger badSignatures = new AtomicInteger();

  PartnerReceiver(String secret, IntSupplier status) throws Exception {
    this.verifier = new Webhook(secret);
    this.status = status;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String payload = new String(body, StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new java.util.HashMap<>();
    for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
      headers.put(h, List.of(String.valueOf(ex.getRequestHeaders().getFirst(h))));
    }
    int answer;
    String id = ex.getRequestHeaders().getFirst("webhook-id");
    String type = "?";
    try {
      verifier.verify(payload, headers);
      JsonNode root = JSON.readTree(payload);
      type = root.path("type").asText();
      answer = status.getAsInt();
      if (answer >= 200 && answer < 300) {
        long now = System.nanoTime();
        acknowledged.putIfAbsent(id, now);
        if (type.equals("contact.notice")) {
          acknowledgedNotices.add(id);
          List<String> leads = new java.util.ArrayList<>();
          root.path("data").path("leadIds").forEach(n -> leads.add(n.asText()));
          noticeLeads.put(id, leads);
        }
      }
    } catch (Exception e) {
      badSignatures.incrementAndGet();
      answer = 401;
    }
    hits.add(new Hit(id, type, answer, System.nanoTime()));
    ex.sendResponseHeaders(answer, -1);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
