package io.leadpipeline.router.validation;

import io.leadpipeline.avro.ConsentShown;
import io.leadpipeline.avro.ConsentWording;
import io.leadpipeline.avro.Contact;
import io.leadpipeline.avro.Enquiry;
import io.leadpipeline.avro.Requirements;
import io.leadpipeline.identity.Emails;
import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.identity.SubjectKeys;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * docs/SPECIFICATION.md §6 rule 1: an enquiry is routed only when every required field is present and sane;
 * otherwise it is rejected with a reason. Sizes beyond these bounds are typos or abuse, not
 * office searches.
 */
public final class EnquiryValidation {
  static final int MAX_DESKS = 10_000;
  static final int MAX_BUDGET_PER_DESK_GBP = 100_000;
  static final int MAX_TERM_MONTHS = 600;
  static final int MAX_TEXT = 500;
  /**
   * A move-in date is plausible from a year before the enquiry's day (a date already passed means
   * "as soon as possible", or a form's stale default) up to five years after it (pre-lets of
   * buildings still to be built rarely reach further). Outside that window it is a typo or a
   * placeholder such as 9999-12-31, which a partner's diary would misread.
   */
  static final Period MOVE_IN_EARLIEST_BEFORE = Period.ofYears(1);
  static final Period MOVE_IN_LATEST_AFTER = Period.ofYears(5);

  private final SubjectKeys keys;

  public EnquiryValidation(SubjectKeys keys) {
    this.keys = keys;
  }

  /** The outcome of validating one enquiry: the enquiry as the router reads it, or why not. */
  public sealed interface Outcome {
    record Valid(NormalisedEnquiry enquiry) implements Outcome {}

    record Invalid(Rejection rejection) implements Outcome {}
  }

  /**
   * @param eventTime the broker's append time of the record, which is the enquiry's event time
   */
  public Outcome validate(Enquiry e, long eventTime) {
    Contact contact = e.getContact();
    Requirements req = e.getRequirements();
    if (blank(e.getEnquiryId()) || contact == null || req == null || e.getMarketingConsent() == null
        || blank(contact.getFullName()) || blank(contact.getEmail()) || blank(req.getCity())
        || blank(e.getSite()) || e.getChannel() == null) {
      return reject(DeadLetterReason.MISSING_FIELD, "a required field is missing or empty");
    }
    try {
      UUID.fromString(e.getEnquiryId());
    } catch (IllegalArgumentException ex) {
      return reject(DeadLetterReason.INVALID_ENQUIRY_ID, "enquiryId is not a UUID");
    }
    if (tooLong(e.getSite()) || tooLong(contact.getFullName()) || tooLong(contact.getCompany())
        || tooLong(req.getCity()) || tooLong(req.getPostcodeDistrict())) {
      return reject(DeadLetterReason.ABSURD_SIZE, "a text field is longer than " + MAX_TEXT);
    }
    for (Map.Entry<String, String> field : freeText(e).entrySet()) {
      Optional<String> problem = FreeText.problem(field.getValue());
      if (problem.isPresent()) {
        return reject(DeadLetterReason.INVALID_TEXT, field.getKey() + " contains " + problem.get());
      }
    }
    Optional<String> wordingProblem = wordingProblem(e.getMarketingConsentShown());
    if (wordingProblem.isPresent()) {
      return reject(DeadLetterReason.MISSING_FIELD, wordingProblem.get());
    }
    LocalDate moveIn = req.getMoveInDate();
    if (moveIn != null && !plausibleMoveIn(moveIn, eventTime)) {
      return reject(
          DeadLetterReason.INVALID_DATE,
          "moveInDate is more than " + MOVE_IN_EARLIEST_BEFORE.getYears() + " year before or "
              + MOVE_IN_LATEST_AFTER.getYears() + " years after the enquiry");
    }
    if (req.getDesks() <= 0) {
      return reject(DeadLetterReason.INVALID_DESKS, "desks must be at least 1");
    }
    if (req.getDesks() > MAX_DESKS) {
      return reject(DeadLetterReason.ABSURD_SIZE, "desks above " + MAX_DESKS);
    }
    Integer budget = req.getMaxBudgetPerDeskGbp();
    if (budget != null && (budget <= 0 || budget > MAX_BUDGET_PER_DESK_GBP)) {
      return reject(DeadLetterReason.ABSURD_SIZE, "budget per desk outside 1.." + MAX_BUDGET_PER_DESK_GBP);
    }
    Integer term = req.getTermMonths();
    if (term != null && (term <= 0 || term > MAX_TERM_MONTHS)) {
      return reject(DeadLetterReason.ABSURD_SIZE, "term outside 1.." + MAX_TERM_MONTHS + " months");
    }
    String email;
    try {
      email = Emails.normalise(contact.getEmail());
    } catch (InvalidIdentifierException ex) {
      return reject(DeadLetterReason.INVALID_EMAIL, ex.getMessage());
    }
    Optional<String> emailProblem = FreeText.problem(email);
    if (emailProblem.isPresent()) {
      // Emails.normalise refuses controls and spaces; a bidi override would still reach a partner.
      return reject(DeadLetterReason.INVALID_EMAIL, "email contains " + emailProblem.get());
    }
    String phone = null;
    if (!blank(contact.getPhone())) {
      try {
        phone = PhoneNumbers.toE164(contact.getPhone());
      } catch (InvalidIdentifierException ex) {
        return reject(DeadLetterReason.INVALID_PHONE, ex.getMessage());
      }
    }
    String district = blank(req.getPostcodeDistrict()) ? null : req.getPostcodeDistrict().strip();
    NormalisedEnquiry valid =
        new NormalisedEnquiry(
            e.getEnquiryId(),
            eventTime,
            e.getSubmittedAt().toEpochMilli(),
            e.getChannel().name(),
            e.getSite(),
            contact.getFullName().strip(),
            blank(contact.getCompany()) ? null : contact.getCompany().strip(),
            email,
            phone,
            keys.ofEmail(email),
            phone == null ? null : keys.ofE164(phone),
            contact.getPhoneProvidedBySubject() && !contact.getOnBehalfOfAnother(),
            req.getCity().strip(),
            district,
            req.getDesks(),
            req.getOfficeTypes(),
            budget,
            moveIn == null ? null : (int) moveIn.toEpochDay(),
            term,
            e.getMarketingConsent().getEmail(),
            e.getMarketingConsent().getPhone(),
            ShownConsent.of(e.getMarketingConsentShown()));
    return new Outcome.Valid(valid);
  }

  /**
   * Every free-text field a partner may see, by its name in the contract. Email and phone are
   * checked by their normalisers; enquiryId must be a UUID.
   */
  private static Map<String, String> freeText(Enquiry e) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("site", e.getSite());
    fields.put("contact.fullName", e.getContact().getFullName());
    fields.put("contact.company", e.getContact().getCompany());
    fields.put("requirements.city", e.getRequirements().getCity());
    fields.put("requirements.postcodeDistrict", e.getRequirements().getPostcodeDistrict());
    return fields;
  }

  /** A wording must say which text and version it was: without them it is no evidence. */
  private static Optional<String> wordingProblem(ConsentShown shown) {
    if (shown != null && incomplete(shown.getEmail())) {
      return Optional.of("marketingConsentShown.email has an empty wordingId or wordingVersion");
    }
    if (shown != null && incomplete(shown.getPhone())) {
      return Optional.of("marketingConsentShown.phone has an empty wordingId or wordingVersion");
    }
    return Optional.empty();
  }

  private static boolean incomplete(ConsentWording w) {
    return w != null && (blank(w.getWordingId()) || blank(w.getWordingVersion()));
  }

  /** Whether {@code moveIn} lies in the window around the enquiry's (UTC) day; bounds included. */
  static boolean plausibleMoveIn(LocalDate moveIn, long eventTime) {
    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(eventTime), ZoneOffset.UTC);
    return !moveIn.isBefore(day.minus(MOVE_IN_EARLIEST_BEFORE))
        && !moveIn.isAfter(day.plus(MOVE_IN_LATEST_AFTER));
  }

  private static Outcome reject(DeadLetterReason reason, String detail) {
    return new Outcome.Invalid(new Rejection(reason, detail));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static boolean tooLong(String s) {
    return s != null && s.length() > MAX_TEXT;
  }
}
