package io.leadpipeline.topics;

import io.leadpipeline.avro.AuditEvent;
import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.DeliveryAttempt;
import io.leadpipeline.avro.DeliveryDeadLetter;
import io.leadpipeline.avro.DeliveryState;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Erasure;
import io.leadpipeline.avro.FeeTerms;
import io.leadpipeline.avro.Introduction;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadOutcome;
import io.leadpipeline.avro.LeadResponse;
import io.leadpipeline.avro.NoticeAcknowledgement;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.PortalAuditEvent;
import io.leadpipeline.avro.PortalLinkClaim;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.topics.TopicSpec.Cleanup;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic catalogue (docs/SPECIFICATION.md §3): every topic the pipeline owns, with its key and value types
 * and configuration. All keys are UTF-8 strings; all values but the dead letters are Avro in the
 * Confluent wire format.
 */
public final class Topics {

  /**
   * Every keyed topic shares one partition count: the router joins enquiries re-keyed by subject
   * or phone against the suppression tables, which requires co-partitioning.
   */
  public static final int PARTITIONS = 6;

  private static final String THIRTY_DAYS = Long.toString(Duration.ofDays(30).toMillis());
  private static final String FOREVER = "-1";

  /**
   * The broker stamps enquiries and suppression changes on append, so "acknowledged at T" and
   * "enquiry after T" are read off one clock (docs/SPECIFICATION.md §7).
   */
  private static final Map<String, String> BROKER_CLOCK =
      Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

  private static final Map<String, String> COMPACTED_BROKER_CLOCK =
      Map.of(
          TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
          // Tombstones (TPS removals, erasures) must outlive a router's restore.
          TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()),
          TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");

  public static final TopicSpec<String, Enquiry> ENQUIRIES =
      new TopicSpec<>(
          "enquiries",
          String.class,
          Enquiry.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(
              TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
              TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));

  public static final TopicSpec<String, Partner> PARTNERS =
      new TopicSpec<>("partners", String.class, Partner.class, Cleanup.COMPACT, PARTITIONS, Map.of());

  public static final TopicSpec<String, TpsRegistration> SUPPRESSION_TPS =
      new TopicSpec<>(
          "suppression.tps",
          String.class,
          TpsRegistration.class,
          Cleanup.COMPACT,
          PARTITIONS,
          COMPACTED_BROKER_CLOCK);

  public static final TopicSpec<String, CallConsent> SUPPRESSION_CALL_CONSENTS =
      new TopicSpec<>(
          "suppression.call-consents",
          String.class,
          CallConsent.class,
          Cleanup.COMPACT,
          PARTITIONS,
          COMPACTED_BROKER_CLOCK);

  public static final TopicSpec<String, ContactPreferences> SUPPRESSION_PREFERENCES =
      new TopicSpec<>(
          "suppression.preferences",
          String.class,
          ContactPreferences.class,
          Cleanup.COMPACT,
          PARTITIONS,
          COMPACTED_BROKER_CLOCK);

  public static final TopicSpec<String, DoNotRepeat> SUPPRESSION_DO_NOT_REPEAT =
      new TopicSpec<>(
          "suppression.do-not-repeat",
          String.class,
          DoNotRepeat.class,
          Cleanup.COMPACT,
          PARTITIONS,
          COMPACTED_BROKER_CLOCK);

  /**
   * The newest completed load of each register, keyed TPS or CTPS: the router fails closed when
   * it is too old.
   */
  public static final TopicSpec<String, TpsLoad> SUPPRESSION_TPS_LOADS =
      new TopicSpec<>(
          "suppression.tps-loads",
          String.class,
          TpsLoad.class,
          Cleanup.COMPACT,
          PARTITIONS,
          COMPACTED_BROKER_CLOCK);

  /**
   * Erasure requests, for the router to delete the person from its own stores (introductions,
   * deferred leads). Append-only: the router applies each request once. Kept 30 days, like
   * {@code enquiries}: a router that is down, behind or rebuilt from the topics still reads every
   * erasure that may concern an enquiry it can still read. Keys only.
   */
  public static final TopicSpec<String, Erasure> SUPPRESSION_ERASURES =
      new TopicSpec<>(
          "suppression.erasures",
          String.class,
          Erasure.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(
              TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
              TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));

  /** Who changed suppression data, kept a year for the regulator. */
  public static final TopicSpec<String, AuditEvent> SUPPRESSION_AUDIT =
      new TopicSpec<>(
          "suppression.audit",
          String.class,
          AuditEvent.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(365).toMillis())));

  /** The audit trail: kept without time limit; holds keys, not personal data. */
  public static final TopicSpec<String, RoutingDecision> LEAD_DECISIONS =
      new TopicSpec<>(
          "lead-decisions",
          String.class,
          RoutingDecision.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER));

  /** Original bytes of records that could not be routed, with the reason in headers. */
  public static final TopicSpec<byte[], byte[]> ENQUIRIES_DLQ =
      new TopicSpec<>(
          "enquiries.dlq",
          byte[].class,
          byte[].class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));

  /**
   * partner-gateway's retry state, one record per lead or notice and partner, so a restarted or
   * rebalanced gateway resumes each schedule where it stopped (docs/partner-delivery.md). Ids only.
   */
  public static final TopicSpec<String, DeliveryState> PARTNER_DELIVERY_STATE =
      new TopicSpec<>(
          "partner-delivery.state",
          String.class,
          DeliveryState.class,
          Cleanup.COMPACT,
          PARTITIONS,
          Map.of(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0"));

  /** partner-gateway's delivery log: every attempt's outcome, status and latency. Ids only. */
  public static final TopicSpec<String, DeliveryAttempt> PARTNER_DELIVERY_LOG =
      new TopicSpec<>(
          "partner-delivery.log",
          String.class,
          DeliveryAttempt.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(365).toMillis())));

  /**
   * Leads and notices partner-gateway gave up on. Kept as long as the lead topics, whose records
   * a redelivery reads again.
   */
  public static final TopicSpec<String, DeliveryDeadLetter> PARTNER_DELIVERY_DEAD_LETTERS =
      new TopicSpec<>(
          "partner-delivery.dead-letters",
          String.class,
          DeliveryDeadLetter.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));

  /** Operations' requests to deliver a dead letter again: a copy of the dead letter. */
  public static final TopicSpec<String, DeliveryDeadLetter> PARTNER_DELIVERY_REDELIVERIES =
      new TopicSpec<>(
          "partner-delivery.redeliveries",
          String.class,
          DeliveryDeadLetter.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));

  /*
   * The partner portal's topics (docs/partner-portal.md). One partition each: they carry people's
   * clicks, not traffic, and one partition gives every instance the same order, which is how
   * "the first claim wins" decides a race between instances.
   */

  /** Sign-in links being used; the first claim of a link wins. Kept a day, far past a link's life. */
  public static final TopicSpec<String, PortalLinkClaim> PORTAL_LINK_CLAIMS =
      new TopicSpec<>(
          "portal.link-claims",
          String.class,
          PortalLinkClaim.class,
          Cleanup.DELETE,
          1,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis())));

  /** Every partner action in the portal, kept a year like the suppression audit. */
  public static final TopicSpec<String, PortalAuditEvent> PORTAL_AUDIT =
      new TopicSpec<>(
          "portal.audit",
          String.class,
          PortalAuditEvent.class,
          Cleanup.DELETE,
          1,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(365).toMillis())));

  /** Partners' answers to introductions, keyed by leadId; the first per lead wins. No personal data. */
  public static final TopicSpec<String, LeadResponse> PORTAL_RESPONSES =
      new TopicSpec<>(
          "portal.responses",
          String.class,
          LeadResponse.class,
          Cleanup.DELETE,
          1,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER));

  /** What became of each introduction, as a history keyed by leadId. No personal data. */
  public static final TopicSpec<String, LeadOutcome> PORTAL_OUTCOMES =
      new TopicSpec<>(
          "portal.outcomes",
          String.class,
          LeadOutcome.class,
          Cleanup.DELETE,
          1,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER));

  /** When a partner acknowledged each contact notice, keyed by noticeId. */
  public static final TopicSpec<String, NoticeAcknowledgement> PORTAL_NOTICE_ACKS =
      new TopicSpec<>(
          "portal.notice-acks",
          String.class,
          NoticeAcknowledgement.class,
          Cleanup.COMPACT,
          1,
          Map.of());

  /** Commission terms, keyed {@code <partnerId>/v<version>}: every version is kept. */
  public static final TopicSpec<String, FeeTerms> PORTAL_FEE_TERMS =
      new TopicSpec<>(
          "portal.fee-terms", String.class, FeeTerms.class, Cleanup.COMPACT, 1, Map.of());

  /** The append-only introductions ledger, keyed by leadId: kept for ever, no personal data. */
  public static final TopicSpec<String, Introduction> PORTAL_INTRODUCTIONS =
      new TopicSpec<>(
          "portal.introductions",
          String.class,
          Introduction.class,
          Cleanup.DELETE,
          1,
          Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER));

  /**
   * Corrections of contact details (docs/SPECIFICATION.md §8.5), for the router to tell every
   * partner that received the person. It carries the corrected values, so it is not a suppression
   * topic: like {@code enquiries} it holds raw contact details, here for 7 days, long enough for a
   * router that is down or behind to read every request, and is deleted by retention.
   */
  public static final TopicSpec<String, RectificationRequest> REQUESTS_RECTIFICATIONS =
      new TopicSpec<>(
          "requests.rectifications",
          String.class,
          RectificationRequest.class,
          Cleanup.DELETE,
          PARTITIONS,
          Map.of(
              TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
              TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis())));

  private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private Topics() {}

  /** The fixed topics, in the order a fresh cluster should get them. */
  public static List<TopicSpec<?, ?>> fixed() {
    return List.of(
        ENQUIRIES,
        PARTNERS,
        SUPPRESSION_TPS,
        SUPPRESSION_CALL_CONSENTS,
        SUPPRESSION_PREFERENCES,
        SUPPRESSION_DO_NOT_REPEAT,
        SUPPRESSION_TPS_LOADS,
        SUPPRESSION_ERASURES,
        SUPPRESSION_AUDIT,
        LEAD_DECISIONS,
        ENQUIRIES_DLQ,
        PARTNER_DELIVERY_STATE,
        PARTNER_DELIVERY_LOG,
        PARTNER_DELIVERY_DEAD_LETTERS,
        PARTNER_DELIVERY_REDELIVERIES,
        REQUESTS_RECTIFICATIONS);
  }

  /** The partner portal's topics, in the order a fresh cluster should get them. */
  public static List<TopicSpec<String, ?>> portal() {
    return List.of(
        PORTAL_LINK_CLAIMS,
        PORTAL_AUDIT,
        PORTAL_RESPONSES,
        PORTAL_OUTCOMES,
        PORTAL_NOTICE_ACKS,
        PORTAL_FEE_TERMS,
        PORTAL_INTRODUCTIONS);
  }

  /**
   * A partner's own lead topic, {@code leads.landlord.<id>} or {@code leads.operator.<id>}: one
   * topic per partner so an ACL on it keeps partners out of each other's leads.
   */
  public static TopicSpec<String, Lead> leads(PartnerKind kind, String partnerId) {
    return new TopicSpec<>(
        "leads." + kind.name().toLowerCase(Locale.ROOT) + "." + checkedPartnerId(partnerId),
        String.class,
        Lead.class,
        Cleanup.DELETE,
        1,
        Map.of(TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));
  }

  /** A partner's notice topic, {@code notices.<kind>.<id>}: do-not-call, opt-out, erasure. */
  public static TopicSpec<String, ContactNotice> notices(PartnerKind kind, String partnerId) {
    return new TopicSpec<>(
        "notices." + kind.name().toLowerCase(Locale.ROOT) + "." + checkedPartnerId(partnerId),
        String.class,
        ContactNotice.class,
        Cleanup.DELETE,
        1,
        Map.of(TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));
  }

  /**
   * A partner's correction notices, {@code notices.correction.<id>}: a topic of its own, with its
   * own schema, so readers of {@code notices.<kind>.<id>} never meet a record they cannot read
   * (docs/SPECIFICATION.md §8.5).
   */
  public static TopicSpec<String, CorrectionNotice> corrections(String partnerId) {
    return new TopicSpec<>(
        "notices.correction." + checkedPartnerId(partnerId),
        String.class,
        CorrectionNotice.class,
        Cleanup.DELETE,
        1,
        Map.of(TopicConfig.RETENTION_MS_CONFIG, THIRTY_DAYS));
  }

  /** The topics a partner needs: its leads, its notices and its correction notices. */
  public static List<TopicSpec<String, ?>> partnerTopics(PartnerKind kind, String partnerId) {
    return List.of(leads(kind, partnerId), notices(kind, partnerId), corrections(partnerId));
  }

  /** True when {@code partnerId} can safely name a topic and an ACL. */
  public static boolean isValidPartnerId(String partnerId) {
    return partnerId != null && PARTNER_ID.matcher(partnerId).matches();
  }

  private static String checkedPartnerId(String partnerId) {
    if (!isValidPartnerId(partnerId)) {
      throw new IllegalArgumentException(
          "partner id must be 1-63 lower-case letters, digits or '-', starting with a letter or"
              + " digit: "
              + partnerId);
    }
    return partnerId;
  }
}
