package io.leadpipeline.router.delivery;

import io.leadpipeline.router.notices.SubjectErasure;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.ArrayList;
import java.util.List;

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

  /** True when the enquiry came from them: same subject key, or same phone key. */
  public boolean madeEnquiry(NormalisedEnquiry e) {
    return (subjectKey != null && subjectKey.equals(e.subjectKey()))
        || (phoneKey != null && phoneKey.equals(e.phoneKey()));
  }
}
