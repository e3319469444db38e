package io.leadpipeline.demo;

import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.PartnerKind;
import java.util.List;
import java.util.Map;

/**
 * The marketing consent wordings each sample site shows beside its boxes, sent with every enquiry
 * (docs/enquiry-contract.md §1). They differ on purpose, so the demo's leads show marketing
 * permitted only to the partners a wording named: one site names both categories of partner, one
 * only operators by email and two landlords by phone, one names three partners by id.
 */
final class DemoConsentWordings {
  private DemoConsentWordings() {}

  private static final Map<String, ConsentShown> BY_SITE = Map.of(
      "offices.example", new ConsentShown(
          wording("offices-email-partners", "2026-02", List.of(), List.of(PartnerKind.LANDLORD, PartnerKind.OPERATOR)),
          wording("offices-phone-partners", "2026-02", List.of(), List.of(PartnerKind.LANDLORD, PartnerKind.OPERATOR))),
      "deskfinder.example", new ConsentShown(
          wording("deskfinder-email-operators", "3", List.of(), List.of(PartnerKind.OPERATOR)),
          wording("deskfinder-phone-landlords", "1", List.of("thames-estates", "spinningfields-property"), List.of())),
      "flexspace.example", new ConsentShown(
          wording("flexspace-email-named", "2026-11",
              List.of("shoreditch-works", "colmore-offices", "temple-quay-lettings"), List.of()),
          null));

  /** What the enquiry's site showed; null for a site that sends only the booleans. */
  static ConsentShown shownOn(String site) {
    return BY_SITE.get(site);
  }

  private static ConsentWording wording(String id, String version, List<String> ids, List<PartnerKind> categories) {
    return new ConsentWording(id, version, ids, categories);
  }
}
