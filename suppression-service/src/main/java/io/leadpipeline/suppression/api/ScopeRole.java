package io.leadpipeline.suppression.api;

import io.javalin.security.RouteRole;
import io.leadpipeline.suppression.access.Scope;

/** Marks a route as needing an API key with this scope. */
public record ScopeRole(Scope scope) implements RouteRole {}
