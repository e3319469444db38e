package io.leadpipeline.reliability.privacy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.leadpipeline.identity.Emails;
import io.leadpipeline.identity.PhoneNumbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks for known emails and phone numbers in text and bytes, in every form they could take on
 * the way through the pipeline: as typed, trimmed, lower-cased, E.164, E.164 without the plus,
 * national format with and without spaces. A finding names the identifier by its index and the
 * form that matched, so the report of a leak does not leak it again.
 */
public final class PersonalDataScanner {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** One needle: the identifier's index in the list given, its kind, and which form it is in. */
  record Form(int identifier, String kind, String form, String text) {}

  /** Where a known identifier was found. */
  public record Finding(String source, String identifier, String form, int line) {
    @Override
    public String toString() {
      return identifier + " (" + form + ") in " + source + (line > 0 ? " line " + line : "");
    }
  }

  private final List<Form> forms = new ArrayList<>();

  public PersonalDataScanner(List<String> emails, List<String> phones) {
    for (int i = 0; i < emails.size(); i++) {
      int index = i;
      emailForms(emails.get(i)).forEach((form, text) -> forms.add(new Form(index, "email", form, text)));
    }
    for (int i = 0; i < phones.size(); i++) {
      int index = i;
      phoneForms(phones.get(i)).forEach((form, text) -> forms.add(new Form(index, "phone", form, text)));
    }
  }

  /** The forms of an email: as given, trimmed and lower-cased (the normalised key input). */
  static Map<String, String> emailForms(String raw) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("as typed", raw.strip());
    forms.put("lower-cased", raw.strip().toLowerCase(Locale.ROOT));
    forms.put("normalised", Emails.normalise(raw));
    return forms;
  }

  /** The forms of a phone number a log line, metric or record might hold. */
  static Map<String, String> phoneForms(String raw) {
    Map<String, String> forms = new LinkedHashMap<>();
    String e164 = PhoneNumbers.toE164(raw);
    forms.put("as typed", raw.strip());
    forms.put("E.164", e164);
    forms.put("E.164 digits", e164.substring(1));
    try {
      var number = UTIL.parse(e164, PhoneNumbers.DEFAULT_REGION);
      String national = UTIL.format(number, PhoneNumberFormat.NATIONAL);
      forms.put("national", national);
      forms.put("national digits", national.replaceAll("[^0-9]", ""));
      forms.put("international", UTIL.format(number, PhoneNumberFormat.INTERNATIONAL));
      // Subscriber digits without trunk prefix or country code: the longest tail both share.
      forms.put("subscriber digits", String.valueOf(number.getNationalNumber()));
    } catch (NumberParseException e) {
      throw new IllegalArgumentException("not a phone number: " + e.getErrorType());
    }
    return forms;
  }

  /** Every occurrence of a known identifier in {@code text}, by line. */
  public List<Finding> scan(String source, String text) {
    List<Finding> found = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    String[] lines = lower.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      for (Form f : forms) {
        if (lines[n].contains(f.text().toLowerCase(Locale.ROOT))) {
          found.add(new Finding(source, f.kind() + " #" + f.identifier(), f.form(), n + 1));
        }
      }
    }
    return dedupe(found);
  }

  /**
   * Every occurrence in raw record bytes. Avro writes strings as UTF-8 after a length, so an ASCII
   * identifier appears byte for byte; ISO-8859-1 maps each byte to one char, so nothing is lost.
   */
  public List<Finding> scan(String source, byte[] bytes) {
    if (bytes == null) {
      return List.of();
    }
    List<Finding> found = new ArrayList<>();
    String text = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    for (Form f : forms) {
      String needle = new String(f.text().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      if (text.contains(needle)) {
        found.add(new Finding(source, f.kind() + " #" + f.identifier(), f.form(), 0));
      }
    }
    return dedupe(found);
  }

  /** One finding per identifier and place: the longest form says the most. */
  private static List<Finding> dedupe(List<Finding> found) {
    Map<String, Finding> unique = new LinkedHashMap<>();
    for (Finding f : found) {
      unique.putIfAbsent(f.source() + "|" + f.identifier() + "|" + f.line(), f);
    }
    return List.copyOf(unique.values());
  }
}
