package io.leadpipeline.suppression.rectify;

import java.util.ArrayList;
import java.util.List;

/**
 * The contact details a person corrected, validated and normalised (docs/SPECIFICATION.md §8.5):
 * each field null when not corrected, at least one set. The email is normalised, the phone E.164.
 */
public record Corrections(String fullName, String company, String email, String phoneE164) {
  public Corrections {
    if (fullName == null && company == null && email == null && phoneE164 == null) {
      throw new IllegalArgumentException("a correction corrects at least one field");
    }
  }

  /** The names of the corrected fields, as the API and the access report name them. */
  public List<String> fields() {
    return names(fullName, company, email, phoneE164);
  }

  /** The names of the fields that are set, each given as its value or null. */
  public static List<String> names(String fullName, String company, String email, String phone) {
    List<String> names = new ArrayList<>(4);
    if (fullName != null) {
      names.add("fullName");
    }
    if (company != null) {
      names.add("company");
    }
    if (email != null) {
      names.add("email");
    }
    if (phone != null) {
      names.add("phone");
    }
    return names;
  }
}
