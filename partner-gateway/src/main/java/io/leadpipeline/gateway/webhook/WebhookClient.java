package io.leadpipeline.gateway.webhook;

import io.leadpipeline.gateway.retry.AttemptResult;
import io.leadpipeline.gateway.retry.RetryAfter;
import io.leadpipeline.gateway.safety.AddressGuard;
import io.leadpipeline.gateway.signing.SigningSecret;
import io.leadpipeline.gateway.signing.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One signed POST to a partner's endpoint (docs/partner-delivery.md §3, §6): the address guard
 * first, no redirects (a redirect could lead past the guard), a connect timeout and a whole-request
 * timeout, and at most {@code maxResponseBytes} of the answer read.
 */
public final class WebhookClient {
  private final HttpClient http;
  private final AddressGuard guard;
  private final Duration requestTimeout;
  private final int maxResponseBytes;
  private final Clock clock;

  public WebhookClient(AddressGuard guard, Duration connectTimeout, Duration requestTimeout, int maxResponseBytes, Clock clock) {
    this.http = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    this.guard = guard;
    this.requestTimeout = requestTimeout;
    this.maxResponseBytes = maxResponseBytes;
    this.clock = clock;
  }

  public AttemptResult post(String url, String webhookId, byte[] body, List<SigningSecret> secrets) {
    long started = System.nanoTime();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new AttemptResult.Refused("not a URL", took(started));
    }
    if (guard.check(uri) instanceof AddressGuard.Verdict.Refused refused) {
      return new AttemptResult.Refused(refused.reason(), took(started));
    }
    Instant now = clock.instant();
    long ts = now.getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("content-type", "application/json")
        .header("user-agent", "lead-pipeline-partner-gateway")
        .header("webhook-id", webhookId)
        .header("webhook-timestamp", Long.toString(ts))
        .header("webhook-signature", WebhookSigner.signature(secrets, webhookId, ts, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        // Drain at most the bound: a partner's answer is not read for content.
        in.readNBytes(maxResponseBytes);
      }
      Optional<Duration> retryAfter = RetryAfter.parse(response.headers().firstValue("retry-after").orElse(null), clock.instant());
      return AttemptResult.ofHttp(response.statusCode(), retryAfter, took(started));
    } catch (HttpTimeoutException e) {
      return new AttemptResult.Failed(Optional.empty(), Optional.empty(), "timed out", took(started));
    } catch (IOException e) {
      return new AttemptResult.Failed(Optional.empty(), Optional.empty(), "I/O error: " + e.getClass().getSimpleName(), took(started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AttemptResult.Failed(Optional.empty(), Optional.empty(), "interrupted", took(started));
    }
  }

  private static Duration took(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }
}
