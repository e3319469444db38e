package io.leadpipeline.suppression.preferences;

import io.leadpipeline.avro.DoNotRepeat;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/** How do-not-repeat requests merge: lists only grow until the person lifts them. */
public final class DoNotRepeatRules {
  private DoNotRepeatRules() {}

  /** What an unreadable record is taken to have said when a do-not-repeat merges onto it: every partner. */
  public static DoNotRepeat mostRestrictive(Instant at, String source) {
    return DoNotRepeat.newBuilder()
        .setAllPartners(true)
        .setPartnerIds(new java.util.ArrayList<>())
        .setUpdatedAt(at)
        .setSource(source)
        .build();
  }

  public static DoNotRepeat add(
      DoNotRepeat current, Collection<String> partnerIds, boolean allPartners, Instant at, String source) {
    TreeSet<String> ids = new TreeSet<>(current == null ? java.util.List.of() : current.getPartnerIds());
    ids.addAll(partnerIds);
    boolean all = allPartners || (current != null && current.getAllPartners());
    return DoNotRepeat.newBuilder()
        .setAllPartners(all)
        .setPartnerIds(new java.util.ArrayList<>(ids))
        .setUpdatedAt(at)
        .setSource(source)
        .build();
  }

  /**
   * Lifts the named partners and, with {@code allPartners}, the all-partners flag (named partners
   * stay listed); empty when nothing is left.
   */
  public static Optional<DoNotRepeat> remove(
      DoNotRepeat current, Collection<String> partnerIds, boolean allPartners, Instant at, String source) {
    if (current == null) {
      return Optional.empty();
    }
    TreeSet<String> ids = new TreeSet<>(current.getPartnerIds());
    ids.removeAll(partnerIds);
    boolean all = current.getAllPartners() && !allPartners;
    if (!all && ids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        DoNotRepeat.newBuilder()
            .setAllPartners(all)
            .setPartnerIds(new java.util.ArrayList<>(ids))
            .setUpdatedAt(at)
            .setSource(source)
            .build());
  }
}
