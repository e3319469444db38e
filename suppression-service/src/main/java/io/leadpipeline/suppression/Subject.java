package io.leadpipeline.suppression;

import io.leadpipeline.identity.SubjectKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys of the person a request is about: the subject key (from the email) and the phone key,
 * either of which may be absent. The raw identifiers are dropped as soon as they are keyed.
 */
public record Subject(Optional<String> subjectKey, Optional<String> phoneKey) {
  public Subject {
    if (subjectKey.isEmpty() && phoneKey.isEmpty()) {
      throw new IllegalArgumentException("give an email or a phone number");
    }
  }

  /**
   * Keys the raw email and phone (either may be null).
   *
   * @throws io.leadpipeline.identity.InvalidIdentifierException if one cannot be normalised
   */
  public static Subject of(SubjectKeys keys, String email, String phone) {
    Optional<String> s = email == null ? Optional.empty() : Optional.of(keys.ofEmail(email));
    Optional<String> p = phone == null ? Optional.empty() : Optional.of(keys.ofPhone(phone));
    return new Subject(s, p);
  }

  public static Subject ofSubjectKey(String subjectKey) {
    return new Subject(Optional.of(subjectKey), Optional.empty());
  }

  /** Every key, subject first: preferences are held under each. */
  public List<String> keys() {
    List<String> all = new ArrayList<>(2);
    subjectKey.ifPresent(all::add);
    phoneKey.ifPresent(all::add);
    return all;
  }
}
