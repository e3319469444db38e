package io.leadpipeline.suppression.rectify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RectificationRulesTest {

  @Test
  void eachFieldIsNormalisedAndBlankFieldsAreNotCorrections() {
    Corrections c = RectificationRules.validate("  Ada King ", "", " Ada@King.Example ", "020 7946 0018");
    assertThat(c).isEqualTo(new Corrections("Ada King", null, "ada@king.example", "+442079460018"));
    assertThat(c.fields()).containsExactly("fullName", "email", "phone");
  }

  @Test
  void atLeastOneFieldIsCorrected() {
    assertThatThrownBy(() -> RectificationRules.validate(null, " ", "", null))
        .isInstanceOf(RectificationRules.InvalidCorrection.class)
        .hasMessageContaining("at least one");
  }

  @Test
  void aBadEmailOrPhoneIsRefusedNamingTheFieldNotTheValue() {
    assertThatThrownBy(() -> RectificationRules.validate(null, null, "not-an-address", null))
        .isInstanceOf(RectificationRules.InvalidCorrection.class)
        .hasMessageStartingWith("email is not valid")
        .hasMessageNotContaining("not-an-address");
    assertThatThrownBy(() -> RectificationRules.validate(null, null, null, "12"))
        .isInstanceOf(RectificationRules.InvalidCorrection.class)
        .hasMessageStartingWith("phone is not valid")
        .hasMessageNotContaining("12");
  }

  @Test
  void textIsBoundedAndFreeOfControlCharacters() {
    assertThatThrownBy(() -> RectificationRules.validate("x".repeat(201), null, null, null))
        .hasMessage("fullName is longer than 200 characters");
    assertThat(RectificationRules.validate("x".repeat(200), null, null, null).fullName()).hasSize(200);
    assertThatThrownBy(() -> RectificationRules.validate(null, "Acme\u0000Ltd", null, null))
        .hasMessage("company contains control characters");
  }
}
