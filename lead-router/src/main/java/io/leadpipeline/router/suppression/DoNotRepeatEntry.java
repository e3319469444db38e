package io.leadpipeline.router.suppression;

import java.util.List;

/** Partners that must not receive a subject again. */
public record DoNotRepeatEntry(
    boolean allPartners, List<String> partnerIds, long updatedAt, String source) {

  public DoNotRepeatEntry {
    partnerIds = partnerIds == null ? List.of() : List.copyOf(partnerIds);
  }

  public boolean names(String partnerId) {
    return allPartners || partnerIds.contains(partnerId);
  }
}
