package io.leadpipeline.router.notices;

import io.leadpipeline.avro.RectificationRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A rectification request read from {@code requests.rectifications} (docs/SPECIFICATION.md §8.5):
 * the keys that identified the person (either may be null, not both), the request's id and time,
 * and the corrected values, only the fields the person corrected. Travels to the allocation step,
 * which knows who received the person; it is never stored there.
 */
public record CorrectionRequest(
    String requestId, String subjectKey, String phoneKey, long requestedAt, Map<ContactField, String> corrected) {
  public CorrectionRequest {
    Map<ContactField, String> m = new EnumMap<>(ContactField.class);
    if (corrected != null) {
      corrected.forEach((k, v) -> {
        if (v != null) {
          m.put(k, v);
        }
      });
    }
    corrected = Map.copyOf(m);
  }

  /** The request as the service wrote it, with only the fields the person corrected. */
  public static CorrectionRequest of(RectificationRequest r) {
    Map<ContactField, String> corrected = new EnumMap<>(ContactField.class);
    corrected.put(ContactField.FULL_NAME, r.getFullName());
    corrected.put(ContactField.COMPANY, r.getCompany());
    corrected.put(ContactField.EMAIL, r.getEmail());
    corrected.put(ContactField.PHONE, r.getPhone());
    return new CorrectionRequest(
        r.getRequestId(), r.getSubjectKey(), r.getPhoneKey(), r.getRequestedAt().toEpochMilli(), corrected);
  }

  /** The person's keys the router may hold introductions under, subject first. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(2);
    if (subjectKey != null) {
      keys.add(subjectKey);
    }
    if (phoneKey != null && !phoneKey.equals(subjectKey)) {
      keys.add(phoneKey);
    }
    return keys;
  }
}
