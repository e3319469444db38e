package io.leadpipeline.router.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/SPECIFICATION.md §6 rule 1: free text is one line of visible characters, in any script. */
class FreeTextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Zoë Ñúñez-O'Brien 李小龍",
        "Ada Lovelace",
        "O’Connor & Sons (Holdings) Ltd.",
        "Łódź Śródmieście",
        "Ελένη Παπαδοπούλου",
        "Фёдор Достоевский",
        "محمد عبد الله",
        "שרה כהן",
        "山田 太郎",
        "김민준",
        "मनोज कुमार",
        "می\u200Cخواهم", // Persian spelling needs the zero-width non-joiner
        "St Helier 🏢",
        "\uD840\uDC0B", // a CJK Extension B character: a valid surrogate pair
        "EC2A",
        "  padded  "
      })
  void legitimateTextInAnyScriptIsAccepted(String text) {
    assertThat(FreeText.problem(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Ada\u0000Lovelace",
        "\u001b[2J\u001b[31mACME",
        "London\nX-Injected: yes",
        "London\r",
        "Ada\tLovelace",
        "Ada\u007fLovelace",
        "Ada\u0085Lovelace" // NEL, a C1 control
      })
  void controlCharactersAreRefused(String text) {
    assertThat(FreeText.problem(text)).hasValueSatisfying(p -> assertThat(p).startsWith("a control character"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"London\u2028X", "London\u2029X"})
  void unicodeLineAndParagraphSeparatorsAreRefused(String text) {
    assertThat(FreeText.problem(text)).hasValueSatisfying(p -> assertThat(p).startsWith("a line break"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Ada \u202Egnp.exe", // right-to-left override
        "Ada \u202Agnp", "Ada \u202Bgnp", "Ada \u202Cgnp", "Ada \u202Dgnp", // embeddings, pop
        "Ada \u2066x\u2069", "Ada \u2067x", "Ada \u2068x", // isolates
        "Ada\u200ELovelace", "Ada\u200FLovelace", "Ada\u061CLovelace", // bidi marks
        "Ada\u200BLovelace", "Ada\u2060Lovelace", "\uFEFFAda", "Ada\u00ADLovelace", // hidden
        "Ada\uDB40\uDC41" // a tag character (U+E0041), used to smuggle hidden ASCII
      })
  void formatCharactersThatReorderOrHideTextAreRefused(String text) {
    assertThat(FreeText.problem(text))
        .hasValueSatisfying(p -> assertThat(p).startsWith("an invisible or bidi format character"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ada\uE000", "Ada\uDB80\uDC00", "Ada\uFFFF", "Ada\uD800Lovelace", "Ada\uDC00"})
  void privateUseUnassignedAndLoneSurrogatesAreRefused(String text) {
    assertThat(FreeText.problem(text)).isPresent();
  }

  @org.junit.jupiter.api.Test
  void theProblemNamesTheCodePointButNeverQuotesTheText() {
    assertThat(FreeText.problem("Ada\u0000Lovelace")).contains("a control character (U+0000)");
    assertThat(FreeText.problem("Ada \u202Egnp.exe").orElseThrow()).doesNotContain("Ada").contains("U+202E");
  }
}
