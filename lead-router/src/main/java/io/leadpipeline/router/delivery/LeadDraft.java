package io.leadpipeline.router.delivery;

import io.leadpipeline.avro.Lead;
import io.leadpipeline.avro.LeadContact;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.router.notices.ContactField;
import io.leadpipeline.router.validation.NormalisedEnquiry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * A lead for one partner, data-minimised (docs/SPECIFICATION.md §5): the phone is in it only when calling is
 * permitted. A deferred lead waits in a store in this form.
 */
public record LeadDraft(
    String leadId,
    String partnerId,
    PartnerKind partnerKind,
    NormalisedEnquiry enquiry,
    boolean callPermitted,
    boolean marketingPermitted) {

  public static LeadDraft of(
      NormalisedEnquiry e, String partnerId, PartnerKind kind, boolean call, boolean marketing) {
    return new LeadDraft(LeadIds.of(e.enquiryId(), partnerId), partnerId, kind, e, call, marketing);
  }

  /** The same lead after a younger restriction: permissions only ever narrow. */
  public LeadDraft restrict(boolean call, boolean marketing) {
    return new LeadDraft(
        leadId, partnerId, partnerKind, enquiry, callPermitted && call, marketingPermitted && marketing);
  }

  /** The contact fields this lead carries (docs/SPECIFICATION.md §8.5). */
  public Set<ContactField> carried() {
    NormalisedEnquiry e = enquiry;
    return ContactField.carried(e.fullName(), e.company(), e.email(), e.phoneE164(), callPermitted);
  }

  public Lead toLead(long routedAt) {
    NormalisedEnquiry e = enquiry;
    return Lead.newBuilder()
        .setLeadId(leadId)
        .setEnquiryId(e.enquiryId())
        .setPartnerId(partnerId)
        .setPartnerKind(partnerKind)
        .setSubmittedAt(Instant.ofEpochMilli(e.submittedAt()))
        .setRoutedAt(Instant.ofEpochMilli(routedAt))
        .setSite(e.site())
        .setContact(
            LeadContact.newBuilder()
                .setFullName(e.fullName())
                .setCompany(e.company())
                .setEmail(e.email())
                .setPhone(callPermitted ? e.phoneE164() : null)
                .build())
        .setRequirements(
            Requirements.newBuilder()
                .setCity(e.city())
                .setPostcodeDistrict(e.postcodeDistrict())
                .setDesks(e.desks())
                .setOfficeTypes(e.officeTypes())
                .setMaxBudgetPerDeskGbp(e.maxBudgetPerDeskGbp())
                .setMoveInDate(e.moveInEpochDay() == null ? null : LocalDate.ofEpochDay(e.moveInEpochDay()))
                .setTermMonths(e.termMonths())
                .build())
        .setCallPermitted(callPermitted)
        .setMarketingPermitted(marketingPermitted)
        .build();
  }
}
