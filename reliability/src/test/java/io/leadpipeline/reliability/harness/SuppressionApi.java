package io.leadpipeline.reliability.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The suppression-service's real HTTP API, as a CRM or the compliance team calls it. */
public final class SuppressionApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String bearer;

  public SuppressionApi(String baseUrl, String bearer) {
    this.baseUrl = baseUrl;
    this.bearer = bearer;
  }

  /** The status and body of an answer. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    /** T: when Kafka acknowledged the write (the broker's append time). */
    public Instant acknowledgedAt() {
      if (status / 100 != 2) {
        throw new IllegalStateException("write refused: " + status + " " + body);
      }
      return Instant.parse(json().path("acknowledgedAt").asText());
    }
  }

  public Answer doNotCall(String email, String phone) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    if (email != null) {
      body.put("email", email);
    }
    if (phone != null) {
      body.put("phone", phone);
    }
    return post("/v1/do-not-call", body);
  }

  public Answer optOut(String email, String... channels) {
    return post("/v1/opt-outs", Map.of("email", email, "channels", channels));
  }

  public Answer doNotRepeat(String email, String... partnerIds) {
    return post("/v1/do-not-repeat", Map.of("email", email, "partnerIds", partnerIds));
  }

  public Answer post(String path, Object body) {
    try {
      return send(path, "application/json", JSON.writeValueAsBytes(body), "POST");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON POST with an {@code Idempotency-Key}: sent again with the same key, it is one request. */
  public Answer postIdempotent(String path, Object body, String idempotencyKey) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .header("Idempotency-Key", idempotencyKey)
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("suppression-service did not answer " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Any bytes with any content type, for the malformed-request corpus. */
  public Answer send(String path, String contentType, byte[] body, String method) {
    return send(path, contentType, body, method, Duration.ofSeconds(60));
  }

  /** As above, waiting up to {@code timeout} for the answer (a large TPS file takes minutes). */
  public Answer send(String path, String contentType, byte[] body, String method, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("suppression-service did not answer " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer get(String path) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
