package io.leadpipeline.router.suppression;

import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * An enquiry on its way through the suppression lookups, with the facts found so far and the
 * suppression partitions' end offsets each lookup waited for (for the decision's audit trail).
 * A re-offer after a rejection travels the same way, with {@code reoffer} set.
 *
 * @param reoffer null for an enquiry's first screening
 * @param subjectBarrier end offsets of the subject stage's partitions for this enquiry, read by the
 *     phone stage after it consumed the enquiry: targets the subject stage may wait for instead of
 *     reading its own (docs/ordering.md); empty when none were read (and in values an older version
 *     wrote), and once the subject stage has screened the enquiry
 */
public record Screening(
    NormalisedEnquiry enquiry, SuppressionView view, List<OffsetMark> screenedAgainst, ReofferRequest reoffer,
    List<OffsetMark> subjectBarrier) {
  public Screening {
    screenedAgainst = screenedAgainst == null ? List.of() : List.copyOf(screenedAgainst);
    subjectBarrier = subjectBarrier == null ? List.of() : List.copyOf(subjectBarrier);
  }

  public Screening(NormalisedEnquiry enquiry, SuppressionView view, List<OffsetMark> screenedAgainst, ReofferRequest reoffer) {
    this(enquiry, view, screenedAgainst, reoffer, List.of());
  }

  public Screening(NormalisedEnquiry enquiry, SuppressionView view) {
    this(enquiry, view, List.of(), null);
  }

  /**
   * A rejected lead's enquiry coming back to be screened again, as of the rejection's time
   * (docs/SPECIFICATION.md §6.8). It carries keys and ids only: the allocation step holds the
   * enquiry's details and fills them in.
   *
   * @param rejectedLeadId the lead a partner rejected
   * @param rejectedBy that partner
   */
  public record ReofferRequest(String rejectedLeadId, String rejectedBy) {}

  /** One suppression partition's end offset a lookup waited for. */
  public record OffsetMark(String topic, int partition, long endOffset) {}

  /**
   * This screening with a stage's view and the targets it waited for added, and {@code subjectBarrier}
   * (the end offsets read for the next stage, possibly none) in place of the one it carried.
   */
  public Screening screened(
      SuppressionView newView, Map<TopicPartition, Long> targets, Map<TopicPartition, Long> subjectBarrier) {
    List<OffsetMark> marks = new ArrayList<>(screenedAgainst);
    marks.addAll(marks(targets));
    return new Screening(enquiry, newView, marks, reoffer, marks(subjectBarrier));
  }

  /** The subject stage's targets this screening carries, or an empty map. */
  public Map<TopicPartition, Long> subjectTargets() {
    Map<TopicPartition, Long> out = new HashMap<>();
    subjectBarrier.forEach(m -> out.put(new TopicPartition(m.topic(), m.partition()), m.endOffset()));
    return out;
  }

  private static List<OffsetMark> marks(Map<TopicPartition, Long> offsets) {
    return offsets.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
        .map(t -> new OffsetMark(t.getKey().topic(), t.getKey().partition(), t.getValue()))
        .toList();
  }
}
