package io.leadpipeline.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Requirements;
import java.time.Instant;

/**
 * The JSON bodies partners receive, in the Standard Webhooks shape {@code {type, timestamp,
 * data}} (docs/partner-delivery.md §3): {@code lead.introduced} and {@code contact.notice}.
 */
public final class WebhookPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayloads() {}

  public static byte[] lead(Lead lead, Instant now) {
    ObjectNode data = JSON.createObjectNode();
    data.put("leadId", lead.getLeadId());
    data.put("enquiryId", lead.getEnquiryId());
    data.put("partnerId", lead.getPartnerId());
    data.put("submittedAt", lead.getSubmittedAt().toString());
    data.put("routedAt", lead.getRoutedAt().toString());
    data.put("site", lead.getSite());
    ObjectNode contact = data.putObject("contact");
    contact.put("fullName", lead.getContact().getFullName());
    contact.put("company", lead.getContact().getCompany());
    contact.put("email", lead.getContact().getEmail());
    contact.put("phone", lead.getCallPermitted() ? lead.getContact().getPhone() : null);
    Requirements r = lead.getRequirements();
    ObjectNode req = data.putObject("requirements");
    req.put("city", r.getCity());
    req.put("postcodeDistrict", r.getPostcodeDistrict());
    req.put("desks", r.getDesks());
    ArrayNode types = req.putArray("officeTypes");
    for (OfficeType t : r.getOfficeTypes()) {
      types.add(t.name());
    }
    req.put("maxBudgetPerDeskGbp", r.getMaxBudgetPerDeskGbp());
    req.put("moveInDate", r.getMoveInDate() == null ? null : r.getMoveInDate().toString());
    req.put("termMonths", r.getTermMonths());
    data.put("callPermitted", lead.getCallPermitted());
    data.put("marketingPermitted", lead.getMarketingPermitted());
    return envelope("lead.introduced", now, data);
  }

  public static byte[] notice(ContactNotice notice, Instant now) {
    ObjectNode data = JSON.createObjectNode();
    data.put("noticeId", notice.getNoticeId());
    data.put("partnerId", notice.getPartnerId());
    data.put("kind", notice.getKind().name());
    ArrayNode ids = data.putArray("leadIds");
    notice.getLeadIds().forEach(ids::add);
    data.put("effectiveAt", notice.getEffectiveAt().toString());
    data.put("issuedAt", notice.getIssuedAt().toString());
    return envelope("contact.notice", now, data);
  }

  /**
   * A {@code contact.correction}: the person corrected contact details the partner's lead carried
   * (docs/SPECIFICATION.md §8.5); only the corrected fields the partner may use are present.
   */
  public static byte[] correction(CorrectionNotice c, Instant now) {
    ObjectNode data = JSON.createObjectNode();
    data.put("noticeId", c.getNoticeId());
    data.put("partnerId", c.getPartnerId());
    data.put("leadId", c.getLeadId());
    data.put("requestId", c.getRequestId());
    ObjectNode corrected = data.putObject("corrected");
    putIfSet(corrected, "fullName", c.getFullName());
    putIfSet(corrected, "company", c.getCompany());
    putIfSet(corrected, "email", c.getEmail());
    putIfSet(corrected, "phone", c.getPhone());
    data.put("effectiveAt", c.getEffectiveAt().toString());
    data.put("issuedAt", c.getIssuedAt().toString());
    return envelope("contact.correction", now, data);
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static byte[] envelope(String type, Instant now, ObjectNode data) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type);
    root.put("timestamp", now.toString());
    root.set("data", data);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }
}
