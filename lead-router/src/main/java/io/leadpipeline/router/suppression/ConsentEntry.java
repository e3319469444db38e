package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.ConsentStatus;

/** The newest call consent (the TPS override) recorded for a phone key. */
public record ConsentEntry(ConsentStatus status, long at, Long expiresAt, String source) {

  /** A granted consent that has started and not expired at {@code t}. */
  public boolean validAt(long t) {
    return status == ConsentStatus.GRANTED && at <= t && (expiresAt == null || expiresAt > t);
  }
}
