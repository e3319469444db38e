package io.leadpipeline.suppression.api;

import io.javalin.http.Context;

/** A JSON route: reads the request, returns the reply; the server writes it. */
@FunctionalInterface
public interface JsonHandler {
  Reply handle(Context ctx) throws Exception;
}
