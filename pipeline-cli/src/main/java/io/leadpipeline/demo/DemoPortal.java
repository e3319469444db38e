package io.leadpipeline.demo;

import io.leadpipeline.avro.OutcomeStage;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.RejectionReason;
import io.leadpipeline.config.Settings;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.portal.PartnerPortal;
import io.leadpipeline.portal.PortalConfig;
import io.leadpipeline.portal.commission.Commission;
import io.leadpipeline.portal.commission.Statement;
import io.leadpipeline.portal.leads.OutcomeRules;
import io.leadpipeline.portal.leads.ResponseRules;
import io.leadpipeline.portal.leads.ResponseStatus;
import io.leadpipeline.portal.state.StoredLead;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The partner portal in the demo, with partners' staff answering their leads: most accepted, some
 * rejected (already known, with the earlier contact's date and source), and viewings and signed
 * licences recorded, so the ledger and the statements fill as the demo runs.
 */
final class DemoPortal implements AutoCloseable {
  static final String SAMPLE_PARTNER = "shoreditch-works";
  private static final String DEMO_ACTOR = "demo-partner-staff";

  private final PartnerPortal portal;
  private final Random random;
  private final Map<String, Integer> steps = new HashMap<>();

  private DemoPortal(PartnerPortal portal, long seed) {
    this.portal = portal;
    this.random = new Random(seed);
  }

  static DemoPortal start(LocalStack stack, Map<String, String> common, List<String> partnerIds, long seed) throws Exception {
    PortalConfig config = PortalConfig.from(Settings.of(DemoSettings.portal(common, partnerIds)));
    return new DemoPortal(PartnerPortal.start(config, Clock.systemUTC()), seed);
  }

  static String userOf(String partnerId) {
    return "ops@" + partnerId + ".example";
  }

  String baseUrl() {
    return portal.baseUrl();
  }

  Optional<String> signInLink(String partnerId) {
    return portal.portal().signInLink(userOf(partnerId), portal.baseUrl());
  }

  /** One round of partners' staff at work: answers pending leads, moves accepted ones along. */
  void work() {
    var state = portal.portal().state();
    for (Partner partner : state.partners()) {
      for (StoredLead lead : state.leads(partner.getPartnerId())) {
        String leadId = lead.lead().getLeadId();
        ResponseStatus status = portal.portal().status(lead);
        if (status instanceof ResponseStatus.Pending) {
          portal.portal().respond(partner.getPartnerId(), DEMO_ACTOR, leadId, sampleResponse(lead));
        } else if (status.stands() && random.nextInt(3) == 0) {
          int step = steps.merge(leadId, 1, Integer::sum);
          OutcomeStage stage = switch (step) {
            case 1 -> OutcomeStage.CONTACTED;
            case 2 -> OutcomeStage.VIEWING_BOOKED;
            case 3 -> random.nextInt(3) == 0 ? OutcomeStage.LICENCE_SIGNED : OutcomeStage.LOST;
            default -> null;
          };
          if (stage != null) {
            int desks = lead.lead().getRequirements().getDesks();
            portal.portal().recordOutcome(partner.getPartnerId(), DEMO_ACTOR, leadId, new OutcomeRules.Report(
                stage, Optional.of(desks), Optional.of(12), Optional.of(desks * 45_000L),
                Optional.of(LocalDate.now(ZoneOffset.UTC).plusMonths(1).withDayOfMonth(1)),
                Optional.of("chose a cheaper space")));
          }
        }
      }
    }
  }

  private ResponseRules.Request sampleResponse(StoredLead lead) {
    int roll = random.nextInt(20);
    if (roll == 0) {
      return new ResponseRules.Request.Reject(RejectionReason.ALREADY_KNOWN,
          Optional.of(LocalDate.ofInstant(lead.lead().getRoutedAt(), ZoneOffset.UTC).minusDays(10 + random.nextInt(60))),
          Optional.of("enquired with us directly"));
    }
    if (roll == 1) {
      return new ResponseRules.Request.Reject(RejectionReason.OUT_OF_CRITERIA, Optional.empty(), Optional.empty());
    }
    return new ResponseRules.Request.Accept();
  }

  /** The month's statements, one line for all partners. */
  String summary() {
    YearMonth month = YearMonth.from(Instant.now().atZone(ZoneOffset.UTC));
    int introduced = 0;
    int accepted = 0;
    int rejected = 0;
    int placed = 0;
    long fees = 0;
    for (Partner p : portal.portal().state().partners()) {
      Statement st = portal.portal().statement(p.getPartnerId(), month);
      introduced += st.introduced();
      accepted += st.accepted();
      rejected += st.rejected();
      placed += st.placements().size();
      fees += st.totalFeePence();
    }
    return "Partner portal: " + introduced + " introductions in the ledger, " + accepted + " accepted, " + rejected
        + " rejected, " + placed + " licences signed, commission " + Commission.pounds(fees) + " this month";
  }

  @Override
  public void close() {
    portal.close();
  }
}
