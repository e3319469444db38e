package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.AppliedConsent;
import io.leadpipeline.avro.RegisterLoadUsed;
import java.time.Instant;
import java.util.List;

/**
 * What a partner's decision records to justify its share (docs/enquiry-contract.md §2, §3): the
 * consents that named the partner and the register loads the number was screened against.
 */
public final class ShareEvidence {
  private ShareEvidence() {}

  public static List<AppliedConsent> consents(List<ConsentNaming.Applied> applied) {
    return applied.stream()
        .map(a -> new AppliedConsent(a.channel(), a.wordingId(), a.wordingVersion()))
        .toList();
  }

  public static List<RegisterLoadUsed> registerLoads(SuppressionView view) {
    if (view.registers() == null) {
      return List.of();
    }
    return view.registers().loads().stream()
        .map(l -> new RegisterLoadUsed(l.register(), l.loadId(), l.file(), Instant.ofEpochMilli(l.loadedAt())))
        .toList();
  }
}
