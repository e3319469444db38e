package io.leadpipeline.reliability.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.identity.SubjectKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataScannerTest {
  private final PersonalDataScanner scanner =
      new PersonalDataScanner(List.of("  Ada.Lovelace@Example.COM "), List.of("0161 496 0123"));

  @Test
  void findsAnEmailLowerCasedInALogLine() {
    assertThat(scanner.scan("router.log", "INFO routing\nWARN bad contact ada.lovelace@example.com\n"))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.identifier()).isEqualTo("email #0");
          assertThat(f.line()).isEqualTo(2);
        });
  }

  @Test
  void findsAPhoneInEveryFormItTakes() {
    for (String form : List.of("+441614960123", "441614960123", "0161 496 0123", "01614960123", "+44 161 496 0123")) {
      assertThat(scanner.scan("metrics", "label=\"" + form + "\"")).as(form).isNotEmpty();
    }
  }

  @Test
  void findsIdentifiersInsideAvroBytes() {
    byte[] record = ("\u0000\u0000\u0000\u0000\u0001\u001a+441614960123").getBytes(StandardCharsets.UTF_8);
    assertThat(scanner.scan("suppression.tps", record)).extracting(PersonalDataScanner.Finding::identifier)
        .containsExactly("phone #0");
  }

  @Test
  void keysAndUnrelatedNumbersAreClean() {
    SubjectKeys keys = new SubjectKeys("a-secret-of-at-least-16-bytes");
    String text = "subjectKey=" + keys.ofEmail("ada.lovelace@example.com") + " phoneKey=" + keys.ofPhone("0161 496 0123")
        + " at 1772452800000 +442079460000 someone@example.org";
    assertThat(scanner.scan("decisions", text)).isEmpty();
  }

  @Test
  void aFindingNamesTheIdentifierByIndexNotByValue() {
    var finding = scanner.scan("log", "+441614960123").get(0);
    assertThat(finding.toString()).doesNotContain("4960123").contains("phone #0");
  }
}
