package io.leadpipeline.router.notices;

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
