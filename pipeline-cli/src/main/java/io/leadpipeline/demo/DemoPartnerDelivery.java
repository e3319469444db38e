package io.leadpipeline.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadpipeline.config.Settings;
import io.leadpipeline.gateway.PartnerGatewayMain;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's partner side of docs/partner-delivery.md: partner-gateway, a sample webhook receiver
 * on 127.0.0.1:8089 that verifies every signature with the Standard Webhooks library (the URLs of
 * examples/partners.json), and an SMTP server (GreenMail) for the partners that take email. One
 * endpoint answers 503 for {@link #FAILING} from its first lead, so the retries show.
 */
final class DemoPartnerDelivery implements AutoCloseable {
  static final Path SECRETS = Path.of("ops/docker/dev-partner-signing-secrets.properties");
  static final int RECEIVER_PORT = 8089;
  static final Duration FAILING = Duration.ofSeconds(20);
  static final String FAILING_PARTNER = "shoreditch-works";

  private final HttpServer receiver;
  private final GreenMail smtp;
  private final AutoCloseable gateway;
  private final Map<String, Webhook> verifiers = new HashMap<>();
  private final Map<String, List<String>> secretIds;
  /** Set by the failing partner's first request, so its failure shows whenever its first lead comes. */
  private final java.util.concurrent.atomic.AtomicReference<Instant> recoversAt = new java.util.concurrent.atomic.AtomicReference<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicInteger refusedWhileFailing = new AtomicInteger();
  private final AtomicInteger badSignatures = new AtomicInteger();

  private DemoPartnerDelivery(Map<String, String> common, Map<String, List<String>> secretIds) throws Exception {
    this.secretIds = secretIds;
    Properties secrets = new Properties();
    try (Reader r = Files.newBufferedReader(SECRETS)) {
      secrets.load(r);
    }
    secrets.stringPropertyNames().forEach(id -> {
      try {
        verifiers.put(id, new Webhook(secrets.getProperty(id)));
      } catch (Exception e) {
        throw new IllegalStateException("bad demo secret " + id, e);
      }
    });
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), RECEIVER_PORT), 0);
    receiver.createContext("/hooks/", this::handle);
    receiver.start();
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    gateway = PartnerGatewayMain.startInBackground(
        Settings.of(DemoSettings.gateway(common, SECRETS, smtp.getSmtp().getPort())));
  }

  /** Starts it all, or says why not and returns null: the rest of the demo runs either way. */
  static DemoPartnerDelivery start(Map<String, String> common, Map<String, List<String>> secretIds) {
    try {
      return new DemoPartnerDelivery(common, secretIds);
    } catch (Exception e) {
      DemoCommand.say("Partner delivery not started (" + e.getMessage() + "): is port " + RECEIVER_PORT + " free?");
      return null;
    }
  }

  /** Each partner's signing secret ids, as the partner file gives them. */
  static Map<String, List<String>> secretIds(Path partners) {
    Map<String, List<String>> ids = new HashMap<>();
    io.leadpipeline.router.PartnerImport.read(partners, Instant.now())
        .forEach(p -> ids.put(p.getPartnerId(), p.getSigningSecretIds()));
    return ids;
  }

  String describe() {
    return "Partner webhooks:  http://127.0.0.1:" + RECEIVER_PORT + "/hooks/<partner> (signatures verified; "
        + FAILING_PARTNER + " answers 503 for " + FAILING.toSeconds() + " s from its first lead)\n"
        + "Partner emails:    SMTP 127.0.0.1:" + smtp.getSmtp().getPort() + " (GreenMail)";
  }

  private void handle(HttpExchange ex) throws IOException {
    String partner = ex.getRequestURI().getPath().substring("/hooks/".length());
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new HashMap<>();
    for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
      headers.put(h, List.of(String.valueOf(ex.getRequestHeaders().getFirst(h))));
    }
    boolean verified = false;
    for (String id : secretIds.getOrDefault(partner, List.of())) {
      Webhook w = verifiers.get(id);
      try {
        if (w != null) {
          w.verify(body, headers);
          verified = true;
          break;
        }
      } catch (Exception e) {
        // try the partner's next secret: during a rotation either may be the one it knows
      }
    }
    int status;
    if (!verified) {
      badSignatures.incrementAndGet();
      status = 401;
    } else if (partner.equals(FAILING_PARTNER)
        && Instant.now().isBefore(recoversAt.updateAndGet(t -> t == null ? Instant.now().plus(FAILING) : t))) {
      refusedWhileFailing.incrementAndGet();
      status = 503;
    } else {
      acknowledged.add(ex.getRequestHeaders().getFirst("webhook-id"));
      status = 204;
    }
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  String summary() {
    return String.format(
        "Partner delivery:  %d webhooks acknowledged after checking their signatures (%d bad signatures), %d answered 503"
            + " while %s was failing (retried), %d emails received", acknowledged.size(), badSignatures.get(), refusedWhileFailing.get(),
        FAILING_PARTNER, smtp.getReceivedMessages().length);
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    receiver.stop(0);
    smtp.stop();
  }
}
