package io.leadpipeline.router.notices;

import io.leadpipeline.avro.NoticeKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one lead's partner has been told (docs/SPECIFICATION.md §6 rule 7): per kind, the effective
 * time of the newest request it was told about. A request is the person's objection as the
 * suppression-service stamped it, so the same time seen again (a re-sent record, the same request
 * under a second key) is not told twice; a newer one is. {@code at}: when it last changed, for
 * expiry with the introductions.
 */
public record Noticed(Map<NoticeKind, Long> latest, long at) {
  public static final Noticed NOTHING = new Noticed(Map.of(), 0);

  public Noticed {
    latest = latest == null || latest.isEmpty() ? Map.of() : Map.copyOf(latest);
  }

  /** True when a notice of {@code kind} effective at {@code effectiveAt} is news to the partner. */
  public boolean isNews(NoticeKind kind, long effectiveAt) {
    Long told = latest.get(kind);
    // An erasure is told once: after it, the partner holds nothing of the lead to restrict.
    return told == null || (kind != NoticeKind.ERASURE && effectiveAt > told);
  }

  public Noticed told(NoticeKind kind, long effectiveAt, long now) {
    Map<NoticeKind, Long> next = new EnumMap<>(NoticeKind.class);
    next.putAll(latest);
    next.merge(kind, effectiveAt, Math::max);
    return new Noticed(next, now);
  }
}
