package io.leadpipeline.portal;

import io.javalin.Javalin;
import io.leadpipeline.config.Settings;
import io.leadpipeline.portal.signin.Mailer;
import io.leadpipeline.portal.signin.PartnerApiKeys;
import io.leadpipeline.portal.web.PortalApi;
import io.leadpipeline.portal.web.PortalWeb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner portal service: {@link Portal} behind Javalin, with {@code /health/live}, {@code
 * /health/ready} (ready once the topics are read) and {@code /metrics}.
 */
public final class PartnerPortal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PartnerPortal.class);

  private final Portal portal;
  private final Javalin app;
  private final String baseUrl;

  private PartnerPortal(Portal portal, Javalin app, String baseUrl) {
    this.portal = portal;
    this.app = app;
    this.baseUrl = baseUrl;
  }

  /** Reads the topics, then serves; {@code http.port} 0 picks a free port. */
  public static PartnerPortal start(PortalConfig config, Clock clock) throws Exception {
    Mailer mailer = new Mailer(config.smtp());
    Portal portal = new Portal(config, mailer, clock);
    Javalin app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.maxRequestSize = 64 * 1024;
    });
    try {
      portal.start(Duration.ofMinutes(2));
      app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
      app.get("/health/ready", ctx -> ctx.status(portal.ready() ? 200 : 503)
          .json(Map.of("status", portal.ready() ? "UP" : "DOWN")));
      app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(portal.scrapeWithFunnels()));
      app.start(config.host(), config.port());
      String baseUrl = config.baseUrl().orElse("http://localhost:" + app.port());
      new PortalWeb(portal, baseUrl).routes(app);
      new PortalApi(portal, PartnerApiKeys.parse(config.apiKeys())).routes(app);
      log.info("partner portal at {}", baseUrl);
      return new PartnerPortal(portal, app, baseUrl);
    } catch (Exception | Error e) {
      app.stop();
      portal.close();
      throw e;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return app.port();
  }

  public Portal portal() {
    return portal;
  }

  @Override
  public void close() {
    app.stop();
    portal.close();
  }

  public static void main(String[] args) throws Exception {
    Optional<Path> file = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else {
        System.err.println("usage: partner-portal [--config FILE]");
        System.exit(2);
      }
    }
    Settings settings = Settings.load(PortalConfig.DEFINITION, file, System.getenv(), Map.of());
    PartnerPortal portal = start(PortalConfig.from(settings), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(portal::close, "portal-shutdown"));
  }
}
