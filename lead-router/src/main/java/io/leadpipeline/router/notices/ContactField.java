package io.leadpipeline.router.notices;

import java.util.EnumSet;
import java.util.Set;

/** The contact details a lead carries, which a person may correct (docs/SPECIFICATION.md §8.5). */
public enum ContactField {
  FULL_NAME,
  COMPANY,
  EMAIL,
  PHONE;

  /**
   * What a lead for this enquiry carries: the details the enquiry gave, the phone only when calling
   * was permitted (a lead's data minimisation, docs/SPECIFICATION.md §5).
   */
  public static Set<ContactField> carried(String fullName, String company, String email, String phoneE164, boolean callPermitted) {
    Set<ContactField> fields = EnumSet.noneOf(ContactField.class);
    if (fullName != null) {
      fields.add(FULL_NAME);
    }
    if (company != null) {
      fields.add(COMPANY);
    }
    if (email != null) {
      fields.add(EMAIL);
    }
    if (phoneE164 != null && callPermitted) {
      fields.add(PHONE);
    }
    return fields;
  }
}
