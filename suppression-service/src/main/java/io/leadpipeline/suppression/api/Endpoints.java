package io.leadpipeline.suppression.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.leadpipeline.suppression.access.ApiKey;
import io.leadpipeline.suppression.access.Scope;

/**
 * Registers JSON routes: each needs a scope (checked by {@link ApiServer} before the handler
 * runs), and POST routes honour {@code Idempotency-Key}.
 */
public final class Endpoints {
  static final String API_KEY = "lead-pipeline.api-key";

  private final Javalin app;
  private final Idempotency idempotency;

  Endpoints(Javalin app, Idempotency idempotency) {
    this.app = app;
    this.idempotency = idempotency;
  }

  public Javalin app() {
    return app;
  }

  public void json(HandlerType method, String path, Scope scope, JsonHandler handler) {
    app.addHttpHandler(
        method,
        path,
        ctx -> {
          if (method == HandlerType.POST && ctx.header("Idempotency-Key") != null) {
            idempotent(ctx, handler);
          } else {
            write(ctx, handler.handle(ctx));
          }
        },
        new ScopeRole(scope));
  }

  /**
   * A route whose body is a stream (file uploads): no idempotency cache, which would have to hold
   * the body; such routes must be idempotent by nature.
   */
  public void stream(HandlerType method, String path, Scope scope, JsonHandler handler) {
    app.addHttpHandler(method, path, ctx -> write(ctx, handler.handle(ctx)), new ScopeRole(scope));
  }

  /** The API key that authenticated this request. */
  public static ApiKey apiKey(Context ctx) {
    return ctx.attribute(API_KEY);
  }

  private void idempotent(Context ctx, JsonHandler handler) throws Exception {
    String key = ctx.header("Idempotency-Key");
    byte[] body = Bodies.bytes(ctx);
    String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    Idempotency.Outcome outcome =
        idempotency.begin(apiKey(ctx).id(), key, ctx.method().name(), target, body);
    if (outcome instanceof Idempotency.Outcome.Replay replay) {
      ctx.header("Idempotent-Replayed", "true");
      ctx.status(replay.stored().status()).contentType("application/json").result(replay.stored().json());
      return;
    }
    Idempotency.Claim claim = ((Idempotency.Outcome.Run) outcome).claim();
    try {
      Reply reply = handler.handle(ctx);
      String json = write(ctx, reply);
      if (reply.status() < 300) {
        claim.complete(new Idempotency.Stored(reply.status(), json));
      } else {
        claim.fail();
      }
    } catch (Exception | Error e) {
      claim.fail();
      throw e;
    }
  }

  static String write(Context ctx, Reply reply) throws Exception {
    String json = Bodies.MAPPER.writeValueAsString(reply.body());
    ctx.status(reply.status()).contentType("application/json").result(json);
    return json;
  }
}
