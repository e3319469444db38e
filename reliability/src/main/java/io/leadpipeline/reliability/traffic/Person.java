package io.leadpipeline.reliability.traffic;

import io.leadpipeline.identity.PhoneNumbers;
import java.util.List;

/**
 * A made-up enquirer. Phone numbers come from Ofcom's ranges reserved for drama (never assigned
 * to anyone), so a test that leaks one leaks nobody's; emails use a reserved example domain.
 */
public record Person(int index, String fullName, String email, String phone) {

  /** 14 geographic drama ranges that libphonenumber accepts: 14,000 distinct numbers. */
  private static final List<String> DRAMA_RANGES = List.of(
      "0113 496 0", "0114 496 0", "0116 496 0", "0117 496 0", "0118 496 0", "0121 496 0", "0131 496 0",
      "0141 496 0", "0151 496 0", "0161 496 0", "0191 498 0", "020 7946 0", "028 9649 6", "029 2018 0");

  public static final int MAX_PEOPLE = DRAMA_RANGES.size() * 1000;

  /**
   * Person {@code index} of a run whose people are told apart by {@code tag} (so runs sharing a
   * broker do not share subjects): the email carries the tag, the phone is the index-th number.
   */
  public static Person of(String tag, int index) {
    if (index < 0 || index >= MAX_PEOPLE) {
      throw new IllegalArgumentException("index must be below " + MAX_PEOPLE);
    }
    String phone = DRAMA_RANGES.get(index / 1000) + String.format("%03d", index % 1000);
    return new Person(index, "Person " + index, tag + ".person" + index + "@reliability.example", phone);
  }

  /** The phone as every key is computed from it. */
  public String e164() {
    return PhoneNumbers.toE164(phone);
  }
}
