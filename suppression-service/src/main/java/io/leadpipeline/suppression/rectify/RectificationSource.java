package io.leadpipeline.suppression.rectify;

import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.suppression.Subject;
import java.util.List;
import java.util.Set;

/**
 * The person's rectification requests and the CORRECTION notices the router sent about them, for
 * the access report (docs/SPECIFICATION.md §8.5): read, never written here.
 */
public interface RectificationSource {
  /** Nothing to read: a service assembled without the topics (tests of other features). */
  RectificationSource NONE = new RectificationSource() {
    @Override
    public Found requestsOf(Subject subject) {
      return new Found(List.of(), List.of(), 0);
    }

    @Override
    public Found correctionsNaming(Set<String> partnerIds, Set<String> leadIds) {
      return new Found(List.of(), List.of(), 0);
    }
  };

  /** The requests on {@code requests.rectifications} under either of the person's keys. */
  Found requestsOf(Subject subject);

  /** The notices on {@code partnerIds}' correction topics naming one of {@code leadIds}. */
  Found correctionsNaming(Set<String> partnerIds, Set<String> leadIds);

  /** What was found, and how many records could not be read (reported, never guessed). */
  record Found(List<RectificationRequest> requests, List<CorrectionNotice> notices, long unreadable) {}
}
