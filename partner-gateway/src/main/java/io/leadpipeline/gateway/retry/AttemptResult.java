package io.leadpipeline.gateway.retry;

import java.time.Duration;
import java.util.Optional;

/** How one delivery attempt ended, whatever the channel. */
public sealed interface AttemptResult {
  Duration took();

  /** 2xx, or the SMTP server took the message. */
  record Acknowledged(Optional<Integer> httpStatus, Duration took) implements AttemptResult {}

  /** 410 Gone: the partner has retired the endpoint; it is disabled until the partner changes it. */
  record Gone(Duration took) implements AttemptResult {}

  /** Anything else worth trying again: 429, 5xx, other 4xx, timeouts, refused connections. */
  record Failed(Optional<Integer> httpStatus, Optional<Duration> retryAfter, String reason, Duration took)
      implements AttemptResult {}

  /** The endpoint is not one the gateway may call (address guard); retrying will not change that. */
  record Refused(String reason, Duration took) implements AttemptResult {}

  /** Classifies an HTTP status. */
  static AttemptResult ofHttp(int status, Optional<Duration> retryAfter, Duration took) {
    if (status >= 200 && status < 300) {
      return new Acknowledged(Optional.of(status), took);
    }
    if (status == 410) {
      return new Gone(took);
    }
    return new Failed(Optional.of(status), retryAfter, "HTTP " + status, took);
  }
}
