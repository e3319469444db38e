package io.leadpipeline.suppression.tps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.Register;
import io.leadpipeline.avro.TpsFileKind;
import io.leadpipeline.avro.TpsLoad;
import io.leadpipeline.avro.TpsRegistration;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.suppression.InMemorySuppressionLog;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.Suppressions;
import io.leadpipeline.suppression.ops.ServiceMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpsIngestTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T06:00:00Z"), ZoneOffset.UTC);
  private final SubjectKeys keys = new SubjectKeys("subject-key-secret-for-tests");
  private final InMemorySuppressionLog log = new InMemorySuppressionLog(CLOCK);
  private final SuppressionView view = new SuppressionView();
  private final ServiceMetrics metrics = new ServiceMetrics();
  @TempDir Path state;
  private TpsIngest ingest;

  @BeforeEach
  void setUp() {
    view.markCaughtUp();
    ingest = new TpsIngest(new RegisterStore(state), new Suppressions(log, view, metrics, CLOCK), keys, metrics, CLOCK);
  }

  private TpsIngest.Result load(Register register, TpsFileKind kind, String... lines) throws IOException {
    byte[] file = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    return ingest.ingest(register, kind, register + "-file.txt", new ByteArrayInputStream(file), "cli/test", (s, l, b) -> {});
  }

  private List<InMemorySuppressionLog.Appended> tpsRecords() {
    return log.on("suppression.tps");
  }

  @Test
  void aFirstFullLoadPublishesEveryNumberKeyedByPhoneKeyWithoutTheNumber() throws IOException {
    TpsIngest.Result r = load(Register.TPS, TpsFileKind.FULL, "020 7946 0001,2024-05-01", "+442079460002", "garbage", "# comment");
    assertThat(r.added()).isEqualTo(2);
    assertThat(r.lines().get(LineResult.INVALID_NUMBER)).isEqualTo(1);
    assertThat(r.lines().get(LineResult.SKIPPED)).isEqualTo(1);
    assertThat(tpsRecords()).extracting(InMemorySuppressionLog.Appended::key)
        .containsExactlyInAnyOrder(keys.ofPhone("02079460001"), keys.ofPhone("02079460002"));
    TpsRegistration first = (TpsRegistration) tpsRecords().stream()
        .filter(a -> a.key().equals(keys.ofPhone("02079460001"))).findFirst().orElseThrow().value();
    assertThat(first.getRegisteredOn()).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(first.getRegister()).isEqualTo(Register.TPS);
    assertThat(first.toString()).doesNotContain("207946").doesNotContain("20 7946");

    TpsLoad loadRecord = (TpsLoad) log.on("suppression.tps-loads").get(0).value();
    assertThat(loadRecord.getNumbers()).isEqualTo(2);
    assertThat(loadRecord.getRejectedLines()).isEqualTo(1);
    assertThat(loadRecord.getLoadId()).as("names the load in routing decisions").isNotBlank();
    assertThat(log.on("suppression.audit")).hasSize(1);
    assertThat(metrics.scrape()).contains("tps_ingest_lines_total{register=\"TPS\",result=\"invalid_number\"} 1.0");
  }

  @Test
  void theNextFullLoadWritesOnlyTheDifferenceWithTombstonesForRemovals() throws IOException {
    load(Register.TPS, TpsFileKind.FULL, "02079460001,2024-05-01", "02079460002,2024-05-01", "02079460003,2024-05-01");
    int before = tpsRecords().size();
    TpsIngest.Result r = load(Register.TPS, TpsFileKind.FULL, "02079460002,2024-05-01", "02079460003,2025-01-01", "02079460004,2024-05-01");
    List<InMemorySuppressionLog.Appended> delta = tpsRecords().subList(before, tpsRecords().size());
    assertThat(r.added()).isEqualTo(1);
    assertThat(r.removed()).isEqualTo(1);
    assertThat(r.redated()).isEqualTo(1);
    assertThat(delta.stream().collect(Collectors.toMap(InMemorySuppressionLog.Appended::key, a -> a.value() == null)))
        .containsEntry(keys.ofPhone("02079460001"), true)
        .containsEntry(keys.ofPhone("02079460003"), false)
        .containsEntry(keys.ofPhone("02079460004"), false)
        .hasSize(3);
    int after = tpsRecords().size();
    load(Register.TPS, TpsFileKind.FULL, "02079460002,2024-05-01", "02079460003,2025-01-01", "02079460004,2024-05-01");
    assertThat(tpsRecords()).hasSize(after); // the same file again writes nothing
  }

  @Test
  void aChangeFileAddsAndRemoves() throws IOException {
    load(Register.CTPS, TpsFileKind.FULL, "02079460001,2024-05-01", "02079460002,2024-05-01");
    int before = tpsRecords().size();
    TpsIngest.Result r = load(Register.CTPS, TpsFileKind.CHANGES, "-02079460001", "+02079460005,2026-11-20");
    assertThat(r.numbers()).isEqualTo(2);
    List<InMemorySuppressionLog.Appended> delta = tpsRecords().subList(before, tpsRecords().size());
    assertThat(delta).extracting(InMemorySuppressionLog.Appended::key)
        .containsExactlyInAnyOrder(keys.ofPhone("02079460001"), keys.ofPhone("02079460005"));
  }

  @Test
  void aNumberOnBothRegistersIsNotTombstonedWhenOneRegisterDropsIt() throws IOException {
    load(Register.CTPS, TpsFileKind.FULL, "02079460001,2023-01-01");
    load(Register.TPS, TpsFileKind.FULL, "02079460001,2024-01-01");
    int before = tpsRecords().size();
    load(Register.CTPS, TpsFileKind.FULL, "02079460009,2023-01-01");
    List<InMemorySuppressionLog.Appended> delta = tpsRecords().subList(before, tpsRecords().size());
    InMemorySuppressionLog.Appended rewritten = delta.stream()
        .filter(a -> a.key().equals(keys.ofPhone("02079460001"))).findFirst().orElseThrow();
    assertThat(((TpsRegistration) rewritten.value()).getRegister()).isEqualTo(Register.TPS);
  }

  @Test
  void aFailedPublishKeepsThePreviousRegisterSoTheNextLoadResendsTheDifference() throws IOException {
    load(Register.TPS, TpsFileKind.FULL, "02079460001,2024-05-01");
    log.failing(true);
    assertThatThrownBy(() -> load(Register.TPS, TpsFileKind.FULL, "02079460002,2024-05-01"))
        .isInstanceOf(Suppressions.WriteFailedException.class);
    log.failing(false);
    TpsIngest.Result r = load(Register.TPS, TpsFileKind.FULL, "02079460002,2024-05-01");
    assertThat(r.added()).isEqualTo(1);
    assertThat(r.removed()).isEqualTo(1);
  }

  @Test
  void aLineWithoutEndOrFarTooLongIsCountedAsMalformed() throws IOException {
    TpsIngest.Result r = load(Register.TPS, TpsFileKind.FULL, "9".repeat(100_000), "02079460001");
    assertThat(r.lines().get(LineResult.MALFORMED)).isEqualTo(1);
    assertThat(r.added()).isEqualTo(1);
  }
}
