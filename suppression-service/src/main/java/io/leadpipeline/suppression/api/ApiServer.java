package io.leadpipeline.suppression.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.security.RouteRole;
import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.access.ApiKey;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.RateLimiter;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: Javalin with API-key authentication and scopes, per-key rate limits, JSON errors,
 * request metrics by route template, health, {@code /metrics} and the OpenAPI document. Features
 * add their routes through {@link Endpoints}. Logs name routes and statuses, never bodies or
 * query strings, which carry emails and phone numbers.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  public static final String OPENAPI_RESOURCE = "/openapi.json";

  /** A route as registered, for the OpenAPI check. */
  public record Route(String method, String path) {}

  private final Javalin app;
  private final List<Route> routes = new ArrayList<>();
  private volatile boolean stopping;

  public ApiServer(
      ApiKeys keys,
      RateLimiter limiter,
      ServiceMetrics metrics,
      Idempotency idempotency,
      Supplier<Optional<String>> notReadyBecause,
      Supplier<List<Map<String, Object>>> unreadableRecords,
      List<Consumer<Endpoints>> features) {
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              // ctx.body() refuses more; the JSON reader and the upload stream enforce their own limits.
              cfg.http.maxRequestSize = Bodies.MAX_JSON_BYTES;
              cfg.jetty.modifyServer(ApiServer::graceful);
              cfg.events.handlerAdded(
                  h -> routes.add(new Route(h.getHttpMethod().name(), h.getPath())));
              cfg.requestLogger.http(
                  (ctx, ms) -> metrics.apiRequest(routeOf(ctx), ctx.statusCode()));
            });

    app.beforeMatched(ctx -> authorise(ctx, keys, limiter, metrics));

    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(
        InvalidIdentifierException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    app.exception(
        Suppressions.WriteFailedException.class,
        (e, ctx) -> {
          log.warn("write not acknowledged on {}: {}", routeOf(ctx), e.getMessage());
          ctx.header("Retry-After", "5");
          error(ctx, 503, "the change was not acknowledged by Kafka; retry (with the same Idempotency-Key)");
        });
    app.exception(
        SuppressionView.ViewIncompleteException.class,
        (e, ctx) -> {
          log.warn("refused on {}: {}", routeOf(ctx), e.getMessage());
          ctx.header("Retry-After", "30");
          error(ctx, 503, "suppression data is incomplete, so nothing is merged onto it: " + e.getMessage());
        });
    app.exception(
        SuppressionView.UnreadableRecordException.class,
        (e, ctx) -> {
          log.warn("refused on {}: a lift onto unreadable {}", routeOf(ctx), e.gap().where());
          error(ctx, 409, e.getMessage());
        });
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            error(ctx, e.getStatus(), e.getStatus() == 404 ? "no such endpoint: see /openapi.json" : e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          // The class only: messages of foreign exceptions may quote the input.
          log.error("unexpected {} on {}", e.getClass().getName(), routeOf(ctx));
          error(ctx, 500, "internal error");
        });
    app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
    app.get(
        "/health/ready",
        ctx -> {
          Optional<String> why = stopping ? Optional.of("shutting down") : notReadyBecause.get();
          // Unreadable records are held per key: the service stays ready and says where they are.
          Map<String, Object> body = new java.util.LinkedHashMap<>();
          body.put("status", why.isEmpty() ? "UP" : "DOWN");
          why.ifPresent(w -> body.put("reason", w));
          body.put("unreadableRecords", unreadableRecords.get());
          ctx.status(why.isEmpty() ? 200 : 503).json(body);
        });
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get(
        OPENAPI_RESOURCE,
        ctx -> ctx.contentType("application/json").result(openApiDocument()));

    Endpoints endpoints = new Endpoints(app, idempotency);
    features.forEach(f -> f.accept(endpoints));
  }

  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  public static String openApiDocument() {
    try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openapi.json is missing from the jar", e);
    }
  }

  /** Readiness turns DOWN first, so a load balancer stops sending before the server stops. */
  public void beginShutdown() {
    stopping = true;
  }

  @Override
  public void close() {
    stopping = true;
    app.stop();
  }

  private static void graceful(Server server) {
    server.setStopTimeout(10_000); // in-flight writes finish, new connections are refused
  }

  static String routeOf(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() || path.equals("*") ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  private static void authorise(Context ctx, ApiKeys keys, RateLimiter limiter, ServiceMetrics metrics) {
    ScopeRole needed = null;
    for (RouteRole r : ctx.routeRoles()) {
      if (r instanceof ScopeRole s) {
        needed = s;
      }
    }
    if (needed == null) {
      return; // public: health, metrics, OpenAPI, the unsubscribe pages (token-checked)
    }
    String header = ctx.header("Authorization");
    String presented = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = header.substring(7).strip();
    }
    ApiKey key = keys.authenticate(presented).orElse(null);
    if (key == null) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"suppression-service\"");
      throw new ApiException(
          401,
          presented == null
              ? "send an API key: Authorization: Bearer <id>.<secret>"
              : "the API key is not valid");
    }
    if (!key.allows(needed.scope())) {
      throw new ApiException(403, "this API key lacks the scope " + needed.scope().label());
    }
    RateLimiter.Decision d = limiter.acquire(key.id());
    if (!d.allowed()) {
      metrics.rateLimited();
      long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiException(429, "rate limit reached for this API key; retry after " + seconds + " s");
    }
    ctx.attribute(Endpoints.API_KEY, key);
  }

  static void error(Context ctx, int status, String message) {
    String json;
    try {
      json = Bodies.MAPPER.writeValueAsString(Map.of("status", status, "error", message));
    } catch (IOException e) {
      json = "{\"status\":" + status + "}";
    }
    ctx.status(status).contentType("application/json").result(json);
  }
}
