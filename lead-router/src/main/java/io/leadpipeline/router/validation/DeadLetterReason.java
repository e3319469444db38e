package io.leadpipeline.router.validation;

/** Why a record went to {@code enquiries.dlq}; the value of the {@code dlq.reason} header. */
public enum DeadLetterReason {
  UNDECODABLE,
  WRONG_MAGIC_BYTE,
  UNKNOWN_SCHEMA,
  MISSING_FIELD,
  INVALID_ENQUIRY_ID,
  INVALID_EMAIL,
  INVALID_PHONE,
  INVALID_DESKS,
  ABSURD_SIZE,
  PROCESSING_ERROR,
  /** A free-text field holds a control, line break, bidi/invisible format or unassigned character. */
  INVALID_TEXT,
  /** A date outside its plausible window, such as a move-in in the year 9999. */
  INVALID_DATE;

  /** The Prometheus label value. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
