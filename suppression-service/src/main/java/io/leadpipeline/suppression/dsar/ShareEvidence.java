package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.AppliedConsent;
import io.leadpipeline.avro.PartnerDecision;
import io.leadpipeline.avro.RegisterLoadUsed;
import io.leadpipeline.avro.RoutingDecision;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the access report says justified a share (docs/enquiry-contract.md §2, §3): the consent
 * wordings that named the recipient and the register loads its lead was screened against, read
 * from the router's decision.
 */
final class ShareEvidence {
  /** The registers' own calendar, in which their dates are given. */
  private static final ZoneId UK = ZoneId.of("Europe/London");

  private ShareEvidence() {}

  /**
   * A decision that records consent evidence permits a recipient's marketing only on a consent
   * that named it; an older decision's leads carried the enquiry-wide verdict.
   */
  static boolean marketingPermitted(RoutingDecision d, PartnerDecision p) {
    return d.getConsentEvidence() ? !p.getConsents().isEmpty() : d.getMarketing().getPermitted();
  }

  static List<Map<String, Object>> consents(PartnerDecision p) {
    return p.getConsents().stream().map(ShareEvidence::consent).toList();
  }

  static List<Map<String, Object>> registers(PartnerDecision p) {
    return p.getRegisterLoads().stream().map(ShareEvidence::register).toList();
  }

  private static Map<String, Object> consent(AppliedConsent c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channel", c.getChannel().name());
    m.put("wordingId", c.getWordingId());
    m.put("wordingVersion", c.getWordingVersion());
    return m;
  }

  private static Map<String, Object> register(RegisterLoadUsed l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("register", l.getRegister().name());
    m.put("registerDate", l.getLoadedAt().atZone(UK).toLocalDate().toString());
    m.put("loadedAt", l.getLoadedAt().toString());
    m.put("file", l.getFile());
    m.put("loadId", l.getLoadId());
    return m;
  }
}
