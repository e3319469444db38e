package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.PartnerKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notices the router sent about a person, for the access report (docs/SPECIFICATION.md §8.4):
 * read from the notice topics of the partners that received them, never written here — the router
 * is the only writer of {@code notices.*}.
 */
public interface NoticeSource {
  /**
   * Every notice on {@code partners}' notice topics (partner id → kind) that names one of {@code
   * leadIds}, oldest first per partner, and how many records on those topics could not be read.
   */
  Notices noticesNaming(Map<String, PartnerKind> partners, Set<String> leadIds);

  record Notices(List<ContactNotice> notices, long unreadable) {}
}
