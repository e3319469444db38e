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

  /** Every partner either entry names. */
  public static DoNotRepeatEntry union(DoNotRepeatEntry a, DoNotRepeatEntry b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(a.partnerIds);
    ids.addAll(b.partnerIds);
    return new DoNotRepeatEntry(a.allPartners || b.allPartners, List.copyOf(ids),
        Math.max(a.updatedAt, b.updatedAt), a.updatedAt >= b.updatedAt ? a.source : b.source);
  }
}
