package io.leadpipeline.router.delivery;

import io.leadpipeline.router.notices.Introductions;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import io.leadpipeline.router.wire.SubjectErasure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whom an erasure request is about: the person behind its subject key and its phone key. The
 * request names both identifiers as the person's, so state held under either, and an enquiry
 * carrying either, is theirs to erase.
 */
public record ErasedPerson(String subjectKey, String phoneKey) {

  public static ErasedPerson of(SubjectErasure e) {
    return new ErasedPerson(e.subjectKey(), e.phoneKey());
  }

  /** The keys the allocation step's per-person stores may hold for them. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(2);
    if (subjectKey != null) {
      keys.add(subjectKey);
    }
    if (phoneKey != null) {
      keys.add(phoneKey);
    }
    return keys;
  }

  /**
   * The partners to tell of the erasure, each with its leads nobody has told it about yet: the
   * introductions held under the person's keys (the same lead may be under both), less the leads
   * in {@code told}. Partners with nothing left to tell are not listed.
   */
  public static List<Introductions.Introduction> untold(List<Introductions> held, Set<String> told) {
    Map<String, Introductions.Introduction> byPartner = new LinkedHashMap<>();
    for (Introductions introductions : held) {
      for (Introductions.Introduction i : introductions.items()) {
        Introductions.Introduction before = byPartner.get(i.partnerId());
        List<String> leads = new ArrayList<>(before == null ? List.of() : before.leadIds());
        i.leadIds().stream().filter(id -> !told.contains(id) && !leads.contains(id)).forEach(leads::add);
        if (!leads.isEmpty()) {
          byPartner.put(i.partnerId(),
              new Introductions.Introduction(i.partnerId(), i.partnerKind(), i.firstAt(), i.firstLeadId(), i.lastAt(), leads));
        }
      }
    }
    return List.copyOf(byPartner.values());
  }

  /** True when the enquiry came from them: same subject key, or same phone key. */
  public boolean madeEnquiry(NormalisedEnquiry e) {
    return (subjectKey != null && subjectKey.equals(e.subjectKey()))
        || (phoneKey != null && phoneKey.equals(e.phoneKey()));
  }
}
