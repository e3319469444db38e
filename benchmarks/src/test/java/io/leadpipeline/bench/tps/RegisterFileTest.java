package io.leadpipeline.bench.tps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.identity.PhoneNumbers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterFileTest {
  @Test
  void everyLineIsAValidDistinctNumberWithADate() {
    Set<String> numbers = new HashSet<>();
    // Across each block boundary and through the whole range in strides.
    for (long i = 0; i < RegisterFile.MAX_NUMBERS; i += 99_991) {
      String[] parts = RegisterFile.line(i).split(",");
      numbers.add(PhoneNumbers.toE164(parts[0]));
      assertThat(LocalDate.parse(parts[1])).isBefore(LocalDate.now());
    }
    for (long i : List.of(9_999_999L, 10_000_000L, 19_999_999L, 20_000_000L, RegisterFile.MAX_NUMBERS - 1)) {
      numbers.add(PhoneNumbers.toE164(RegisterFile.line(i).split(",")[0]));
    }
    assertThat(numbers).hasSize((int) ((RegisterFile.MAX_NUMBERS + 99_990) / 99_991) + 5);
  }

  @Test
  void linesAreNationalNumbersAsARegisterFileHoldsThem() {
    assertThat(RegisterFile.line(0)).isEqualTo("02070000000,2015-01-01");
    assertThat(RegisterFile.line(10_000_123)).startsWith("02080000123,");
  }

  @Test
  void writesTheFileOnceAndReusesIt(@TempDir Path dir) throws Exception {
    Path file = RegisterFile.write(dir.resolve("r.txt"), 1_000);
    assertThat(Files.readAllLines(file)).hasSize(1_000).doesNotHaveDuplicates();
    long written = Files.getLastModifiedTime(file).toMillis();
    Thread.sleep(20);
    RegisterFile.write(dir.resolve("r.txt"), 1_000);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(written);
    assertThat(Files.readAllLines(RegisterFile.write(dir.resolve("r.txt"), 10))).hasSize(10);
  }

  @Test
  void refusesMoreNumbersThanItCanMake() {
    assertThatThrownBy(() -> RegisterFile.line(RegisterFile.MAX_NUMBERS)).isInstanceOf(IllegalArgumentException.class);
  }
}
