package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RegisterLineParserTest {

  private static RegisterLineParser.Parsed full(String line) {
    return RegisterLineParser.parse(line, false);
  }

  @Test
  void nationalAndInternationalFormsGiveTheSameNumber() {
    long a = full("020 7946 0001,2024-05-01").entry();
    long b = full("+442079460001,2024-05-01").entry();
    assertThat(a).isEqualTo(b);
    assertThat(RegisterEntry.e164(a)).isEqualTo("+442079460001");
    assertThat(RegisterEntry.registeredOn(a)).isEqualTo(LocalDate.of(2024, 5, 1));
  }

  @Test
  void aMissingDateCountsAsLongRegisteredSoCallsAreBarred() {
    RegisterLineParser.Parsed p = full("02079460018");
    assertThat(p.result()).isEqualTo(LineResult.ACCEPTED);
    assertThat(RegisterEntry.registeredOn(p.entry())).isEqualTo(RegisterEntry.UNKNOWN_DATE);
  }

  @Test
  void blankLinesAndCommentsAreSkipped() {
    assertThat(full("").result()).isEqualTo(LineResult.SKIPPED);
    assertThat(full("   ").result()).isEqualTo(LineResult.SKIPPED);
    assertThat(full("# TPS full file 2026-11-27").result()).isEqualTo(LineResult.SKIPPED);
  }

  @Test
  void badLinesAreClassifiedNotThrown() {
    assertThat(full("not a number").result()).isEqualTo(LineResult.INVALID_NUMBER);
    assertThat(full("0123").result()).isEqualTo(LineResult.INVALID_NUMBER);
    assertThat(full("02079460018,2024-13-45").result()).isEqualTo(LineResult.INVALID_DATE);
    assertThat(full("02079460018,1969-12-31").result()).isEqualTo(LineResult.INVALID_DATE);
    assertThat(full("02079460018,2024-01-01,extra").result()).isEqualTo(LineResult.MALFORMED);
    assertThat(full("0207946\u00000018").result()).isEqualTo(LineResult.MALFORMED);
    assertThat(full("0".repeat(500)).result()).isEqualTo(LineResult.MALFORMED);
    assertThat(full("０２０７９４６００１８").result()).isIn(LineResult.ACCEPTED, LineResult.INVALID_NUMBER);
  }

  @Test
  void changeLinesCarryASign() {
    RegisterLineParser.Parsed removal = RegisterLineParser.parse("-02079460018", true);
    assertThat(removal.removal()).isTrue();
    assertThat(RegisterEntry.e164(removal.entry())).isEqualTo("+442079460018");
    RegisterLineParser.Parsed signedAdd = RegisterLineParser.parse("+02079460018,2025-01-02", true);
    assertThat(signedAdd.removal()).isFalse();
    assertThat(RegisterEntry.e164(signedAdd.entry())).isEqualTo("+442079460018");
    assertThat(RegisterLineParser.parse("+442079460018", true).result()).isEqualTo(LineResult.ACCEPTED);
    assertThat(RegisterLineParser.parse("-02079460018,2025-01-02", true).result()).isEqualTo(LineResult.MALFORMED);
  }
}
