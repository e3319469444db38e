package io.leadpipeline.router.validation;

import io.leadpipeline.avro.OfficeType;
import java.util.List;

/**
 * An enquiry that passed validation, with its identifiers normalised and keyed. It travels
 * between the router's own stages; raw identifiers stay inside the application's internal topics
 * and reach a partner only through a data-minimised lead.
 *
 * @param eventTime the broker's append time of the enquiry: the time every suppression lookup uses
 * @param phoneE164 null when the enquiry carries no phone
 * @param phoneKey null when the enquiry carries no phone
 * @param ownCallConsent the person typed their own number, for themselves
 * @param moveInEpochDay null when not given
 * @param consentShown the consent wordings shown per channel; null (an enquiry stored by an older
 *     version) reads as none
 */
public record NormalisedEnquiry(
    String enquiryId,
    long eventTime,
    long submittedAt,
    String channel,
    String site,
    String fullName,
    String company,
    String email,
    String phoneE164,
    String subjectKey,
    String phoneKey,
    boolean ownCallConsent,
    String city,
    String postcodeDistrict,
    int desks,
    List<OfficeType> officeTypes,
    Integer maxBudgetPerDeskGbp,
    Integer moveInEpochDay,
    Integer termMonths,
    boolean marketingConsentEmail,
    boolean marketingConsentPhone,
    ShownConsent consentShown) {

  public NormalisedEnquiry {
    officeTypes = officeTypes == null ? List.of() : List.copyOf(officeTypes);
    consentShown = consentShown == null ? ShownConsent.NONE : consentShown;
  }

  public boolean hasPhone() {
    return phoneKey != null;
  }

  /** The key the phone-keyed suppression tables are partitioned by, or the subject key. */
  public String phoneStageKey() {
    return hasPhone() ? phoneKey : subjectKey;
  }
}
