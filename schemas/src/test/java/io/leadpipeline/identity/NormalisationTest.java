package io.leadpipeline.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
