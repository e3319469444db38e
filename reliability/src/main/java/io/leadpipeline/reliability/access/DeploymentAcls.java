package io.leadpipeline.reliability.access;

import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs a deployment needs on a broker that denies what no ACL allows: one principal per
 * application, each with the least it needs, and one per partner that reaches only that partner's
 * own lead and notice topics. The access-control IT applies exactly these and runs the pipeline
 * under them, so the README's list is the tested one.
 *
 * <p>Kafka implies DESCRIBE from READ or WRITE, and IDEMPOTENT_WRITE from WRITE on any topic, so
 * neither is granted separately.
 */
public final class DeploymentAcls {

  private DeploymentAcls() {}

  /**
   * The lead-router (Kafka Streams, exactly-once): reads enquiries, partners, every
   * suppression table and the erasure requests; writes leads, notices, decisions and dead letters; owns its consumer
   * group, transactional ids and internal topics, all named after its {@code application.id}.
   */
  public static List<AclBinding> router(String prefix, String principal, String applicationId) {
    List<AclBinding> acls = new ArrayList<>();
    for (TopicSpec<?, ?> input :
        List.of(
            Topics.ENQUIRIES,
            Topics.PARTNERS,
            Topics.SUPPRESSION_TPS,
            Topics.SUPPRESSION_CALL_CONSENTS,
            Topics.SUPPRESSION_PREFERENCES,
            Topics.SUPPRESSION_DO_NOT_REPEAT,
            Topics.SUPPRESSION_TPS_LOADS,
            Topics.SUPPRESSION_ERASURES,
            Topics.PORTAL_RESPONSES, // partners' answers: a rejection is re-offered
            Topics.REQUESTS_RECTIFICATIONS)) { // corrections to pass on to partners
      acls.add(allow(principal, topic(input.name(prefix)), AclOperation.READ));
    }
    acls.add(allow(principal, topic(Topics.LEAD_DECISIONS.name(prefix)), AclOperation.WRITE));
    acls.add(allow(principal, topic(Topics.ENQUIRIES_DLQ.name(prefix)), AclOperation.WRITE));
    acls.add(allow(principal, topicsStartingWith(nz(prefix) + "leads."), AclOperation.WRITE));
    acls.add(allow(principal, topicsStartingWith(nz(prefix) + "notices."), AclOperation.WRITE));
    // Repartition and changelog topics: created, read, written and purged (deleteRecords) by Streams.
    acls.add(allow(principal, topicsStartingWith(applicationId + "-"), AclOperation.ALL));
    acls.add(allow(principal, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL), AclOperation.READ));
    acls.add(
        allow(
            principal,
            new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED),
            AclOperation.WRITE));
    return acls;
  }

  /**
   * The suppression-service (and its {@code ingest-tps} command): the single writer of every
   * {@code suppression.*} topic, which it also reads back into its view; reads decisions and the
   * partners' notices (never writes them: the router is their only writer) for access reports.
   */
  public static List<AclBinding> suppressionService(String prefix, String principal) {
    ResourcePattern suppression = topicsStartingWith(nz(prefix) + "suppression.");
    return List.of(
        allow(principal, suppression, AclOperation.WRITE),
        allow(principal, suppression, AclOperation.READ),
        allow(principal, topic(Topics.LEAD_DECISIONS.name(prefix)), AclOperation.READ),
        allow(principal, topicsStartingWith(nz(prefix) + "notices."), AclOperation.READ),
        // Corrections for the router, read back for access reports (docs/SPECIFICATION.md §8.5).
        allow(principal, topic(Topics.REQUESTS_RECTIFICATIONS.name(prefix)), AclOperation.WRITE),
        allow(principal, topic(Topics.REQUESTS_RECTIFICATIONS.name(prefix)), AclOperation.READ));
  }

  /** A website backend: produces enquiries, and nothing else. */
  public static List<AclBinding> websiteProducer(String prefix, String principal) {
    return List.of(allow(principal, topic(Topics.ENQUIRIES.name(prefix)), AclOperation.WRITE));
  }

  /**
   * The partner import (also the deployment's topic initialiser): creates the catalogue's fixed
   * topics and each partner's lead and notice topics, and writes partners.
   */
  public static List<AclBinding> partnerImport(String prefix, String principal) {
    List<AclBinding> acls = new ArrayList<>();
    for (TopicSpec<?, ?> fixed : Topics.fixed()) {
      acls.add(allow(principal, topic(fixed.name(prefix)), AclOperation.CREATE));
    }
    acls.add(allow(principal, topic(Topics.PARTNERS.name(prefix)), AclOperation.WRITE));
    acls.add(allow(principal, topicsStartingWith(nz(prefix) + "leads."), AclOperation.CREATE));
    acls.add(allow(principal, topicsStartingWith(nz(prefix) + "notices."), AclOperation.CREATE));
    return acls;
  }

  /**
   * A partner: reads its own lead and notice topics (literal names, never a prefix another
   * partner's id could extend) in consumer groups named {@code <partnerId>.<anything>}; partner
   * ids hold no dot, so the prefix cannot reach another partner's groups.
   */
  public static List<AclBinding> partner(String prefix, PartnerKind kind, String partnerId, String principal) {
    List<AclBinding> acls = new ArrayList<>();
    for (TopicSpec<String, ?> own : Topics.partnerTopics(kind, partnerId)) {
      acls.add(allow(principal, topic(own.name(prefix)), AclOperation.READ));
    }
    acls.add(allow(principal, partnerGroups(partnerId), AclOperation.READ));
    return acls;
  }

  /** The consumer-group prefix a partner may use: {@code <partnerId>.} */
  public static String partnerGroupPrefix(String partnerId) {
    if (!Topics.isValidPartnerId(partnerId)) {
      throw new IllegalArgumentException("not a partner id");
    }
    return partnerId + ".";
  }

  /**
   * The bindings as {@code kafka-acls.sh} commands, one per binding, for an administrator to run
   * with a super user's client properties.
   */
  public static String asCommands(List<AclBinding> acls) {
    StringBuilder out = new StringBuilder();
    for (AclBinding acl : acls) {
      ResourcePattern r = acl.pattern();
      out.append("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add")
          .append(" --allow-principal ").append(acl.entry().principal())
          .append(" --operation ").append(operationName(acl.entry().operation()))
          .append(switch (r.resourceType()) {
            case TOPIC -> " --topic " + r.name();
            case GROUP -> " --group " + r.name();
            case TRANSACTIONAL_ID -> " --transactional-id " + r.name();
            case CLUSTER -> " --cluster";
            default -> throw new IllegalArgumentException("no kafka-acls option for " + r.resourceType());
          });
      if (r.patternType() == PatternType.PREFIXED) {
        out.append(" --resource-pattern-type prefixed");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String operationName(AclOperation operation) {
    // kafka-acls spells them Read, Write, All, Create, DescribeConfigs...
    StringBuilder name = new StringBuilder();
    for (String part : operation.name().toLowerCase(Locale.ROOT).split("_")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }

  private static ResourcePattern partnerGroups(String partnerId) {
    return new ResourcePattern(ResourceType.GROUP, partnerGroupPrefix(partnerId), PatternType.PREFIXED);
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static ResourcePattern topicsStartingWith(String prefix) {
    return new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
  }

  private static String nz(String prefix) {
    return prefix == null ? "" : prefix;
  }

  private static AclBinding allow(String principal, ResourcePattern resource, AclOperation operation) {
    return new AclBinding(
        resource, new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
  }
}
