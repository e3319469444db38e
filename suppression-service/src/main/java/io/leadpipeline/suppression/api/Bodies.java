package io.leadpipeline.suppression.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Request bodies: read with a size limit (413 past it) and mapped to request records with
 * messages that name the field but never repeat the value, which may be personal data.
 */
public final class Bodies {
  /** JSON requests are a few hundred bytes; anything near this is not a real request. */
  public static final int MAX_JSON_BYTES = 16 * 1024;
  private static final String BODY = "lead-pipeline.body";

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build();

  private Bodies() {}

  /** The body's bytes, read once per request and at most {@link #MAX_JSON_BYTES}. */
  public static byte[] bytes(Context ctx) throws IOException {
    byte[] cached = ctx.attribute(BODY);
    if (cached != null) {
      return cached;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_JSON_BYTES) {
      throw new ApiException(413, "request body is larger than " + MAX_JSON_BYTES + " bytes");
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_JSON_BYTES + 1);
    }
    if (body.length > MAX_JSON_BYTES) {
      throw new ApiException(413, "request body is larger than " + MAX_JSON_BYTES + " bytes");
    }
    ctx.attribute(BODY, body);
    return body;
  }

  public static <T> T json(Context ctx, Class<T> type) throws IOException {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw new ApiException(415, "send the body as application/json");
    }
    byte[] body = bytes(ctx);
    if (body.length == 0) {
      throw ApiException.badRequest("the request needs a JSON body");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiException.badRequest("the body must be a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(describe(e));
    }
  }

  /** An ISO-8601 instant from a request field, or null when absent. */
  public static Instant instant(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(field + " must be an ISO-8601 instant such as 2030-01-31T00:00:00Z");
    }
  }

  static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + safe(u.getPropertyName()) + "'; known fields: " + u.getKnownPropertyIds();
    }
    if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
      return "field '"
          + path(f)
          + "' must be one of "
          + Arrays.stream(f.getTargetType().getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }
    if (e instanceof MismatchedInputException m) {
      return "field '" + path(m) + "' has the wrong type";
    }
    if (e instanceof JsonParseException p) {
      JsonLocation at = p.getLocation();
      return "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return "the body is not valid JSON for this request";
  }

  private static String path(JsonMappingException e) {
    String p =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return safe(p.isEmpty() ? "(body)" : p);
  }

  /** Field names come from the client: keep them short and printable. */
  private static String safe(String name) {
    if (name == null) {
      return "?";
    }
    String clean = name.codePoints()
        .filter(c -> c >= 0x20 && c < 0x7f && c != '\'')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
