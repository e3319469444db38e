package io.leadpipeline.identity;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Deterministic {@code ContactNotice} ids (docs/SPECIFICATION.md §6 rule 7): a replayed or
 * re-planned notice carries the id it had the first time, so a partner can recognise a repeat.
 * Here, not in the router, because the suppression-service names the ERASURE notices the router
 * will send in its answer to an erasure request.
 */
public final class NoticeIds {
  private NoticeIds() {}

  /**
   * A change of mind (do-not-call, opt-out, do-not-repeat) as the service stamped it. The leads
   * are part of the id: one request written under two keys may reach a partner's leads in two
   * notices (each lead once), and each needs its own id.
   */
  public static String change(String kind, String partnerId, long effectiveAt, Collection<String> leadIds) {
    return uuid("notice:" + kind + ":" + partnerId + ":" + effectiveAt + ":" + String.join(",", new TreeSet<>(leadIds)));
  }

  /**
   * An erasure: one notice per partner and request, whichever leads it ends up naming, so the
   * service can give the id before the router has added the leads decided after it looked.
   */
  public static String erasure(String partnerId, String requestKey, long requestedAt) {
    return uuid("notice:ERASURE:" + partnerId + ":" + requestKey + ":" + requestedAt);
  }

  private static String uuid(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
