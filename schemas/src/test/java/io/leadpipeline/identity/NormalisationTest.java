package io.leadpipeline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NormalisationTest {

  @Test
  void emailsAreTrimmedAndLowerCased() {
    assertThat(Emails.normalise("\t Ada.Lovelace@Example.CO.UK ")).isEqualTo("ada.lovelace@example.co.uk");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "ada", "ada@", "@example.com", "a@b@c.com", "ada@localhost",
      "ada @example.com", "ada@example.com\u0000", "<ada@example.com>"})
  void malformedEmailsAreRefusedWithoutEchoingThem(String raw) {
    assertThatThrownBy(() -> Emails.normalise(raw))
        .isInstanceOf(InvalidIdentifierException.class)
        .satisfies(e -> {
          if (!raw.isBlank()) {
            assertThat(e.getMessage()).doesNotContain(raw.strip());
          }
        });
  }

  @Test
  void ukNumbersWithoutCountryCodeAreReadAsGb() {
    assertThat(PhoneNumbers.toE164("020 7946 0018")).isEqualTo("+442079460018");
    assertThat(PhoneNumbers.toE164("07911 123456")).isEqualTo("+447911123456");
  }

  @Test
  void foreignNumbersKeepTheirCountry() {
    assertThat(PhoneNumbers.toE164("+1 212 555 0100")).isEqualTo("+12125550100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "123", "+44 20", "0207946001899999999999"})
  void invalidNumbersAreRefused(String raw) {
    assertThatThrownBy(() -> PhoneNumbers.toE164(raw)).isInstanceOf(InvalidIdentifierException.class);
  }

  @Test
  void theFastPathGivesExactlyTheNumbersTheGeneralParserGives() {
    java.util.Random random = new java.util.Random(7);
    int fast = 0;
    for (int i = 0; i < 200_000; i++) {
      int length = 7 + random.nextInt(5);
      StringBuilder national = new StringBuilder().append(1 + random.nextInt(9));
      for (int d = 1; d < length; d++) {
        national.append(random.nextInt(10));
      }
      String form = switch (random.nextInt(4)) {
        case 0 -> "0" + national;
        case 1 -> "+44" + national;
        case 2 -> " 0" + national.substring(0, 3) + " " + national.substring(3);
        default -> "+44 " + national;
      };
      long quick = PhoneNumbers.ukNumber(form);
      String general;
      try {
        general = PhoneNumbers.general(form, PhoneNumbers.DEFAULT_REGION);
      } catch (InvalidIdentifierException e) {
        general = null;
      }
      if (quick != -1) {
        fast++;
        assertThat("+" + quick).as(form).isEqualTo(general);
      } else {
        assertThat(general).as(form).isNull();
      }
    }
    assertThat(fast).as("the fast path is taken").isGreaterThan(10_000);
  }

  @Test
  void plainUkFormsTakeTheFastPathAndOthersTheGeneralOne() {
    assertThat(PhoneNumbers.ukNumber("07911 123456")).isEqualTo(447911123456L);
    assertThat(PhoneNumbers.ukNumber("+44 20 7946 0018")).isEqualTo(442079460018L);
    assertThat(PhoneNumbers.ukNumber("(020) 7946 0018")).isEqualTo(-1);
    assertThat(PhoneNumbers.ukNumber("+1 212 555 0100")).isEqualTo(-1);
    assertThat(PhoneNumbers.toE164("(020) 7946-0018")).isEqualTo("+442079460018");
    // +44 numbers of Jersey, Guernsey and the Isle of Man are valid, though not for GB.
    for (String crownDependency : List.of("01534 456789", "07797 123456", "01481 256789", "01624 812345")) {
      assertThat("+" + PhoneNumbers.ukNumber(crownDependency)).as(crownDependency)
          .isEqualTo(PhoneNumbers.general(crownDependency, PhoneNumbers.DEFAULT_REGION));
    }
    // The fast path reads "0…" as a UK trunk prefix, so it is only for GB as the default region.
    assertThatThrownBy(() -> PhoneNumbers.toE164("07911 123456", "US")).isInstanceOf(InvalidIdentifierException.class);
  }
}
