package io.leadpipeline.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JfrSummaryTest {
  @Test
  void chargesASampleToTheInnermostKnownFrame() {
    assertThat(JfrSummary.component(List.of(
        "java.util.HashMap.getNode", "org.apache.avro.io.BinaryDecoder.readString", "io.leadpipeline.router.Foo.bar")))
        .isEqualTo("Avro encoding/decoding");
    assertThat(JfrSummary.component(List.of("io.leadpipeline.router.wire.JsonSerde.serialize")))
        .isEqualTo("router internal serdes (wire)");
    assertThat(JfrSummary.component(List.of("java.lang.Thread.run"))).isEqualTo("JDK (other)");
  }

  @Test
  void theStreamThreadIsNotItsProducersNetworkThread() {
    String app = "bench-eos.router-5bf08eae-4fee-41b4-9c7a-526dec807926";
    assertThat(JfrSummary.streamThread(app + "-StreamThread-1")).isTrue();
    assertThat(JfrSummary.streamThread(app + "-StreamThread-12")).isTrue();
    assertThat(JfrSummary.streamThread("kafka-producer-network-thread | " + app + "-StreamThread-1-producer")).isFalse();
    assertThat(JfrSummary.streamThread(app + "-GlobalStreamThread")).isFalse();
    assertThat(JfrSummary.streamThread(app + "-StreamThread-1-consumer")).isFalse();
  }

  @Test
  void lambdaClassNamesDoNotChangeBetweenRuns() {
    assertThat(JfrSummary.frameName("io.x.JsonSerde$$Lambda$1352+0x00007f5b844f2f88.979822206", "deserialize"))
        .isEqualTo("io.x.JsonSerde$$Lambda.deserialize");
    assertThat(JfrSummary.frameName("io.x.Allocator", "allocate")).isEqualTo("io.x.Allocator.allocate");
  }

  @Test
  @Timeout(60)
  void summarisesTheSamplesOfTheChosenThreads(@TempDir Path dir) throws Exception {
    Profiler profiler = Profiler.start(dir.resolve("busy.jfr"));
    Thread busy = new Thread(JfrSummaryTest::spin, "busy-StreamThread-1");
    busy.start();
    busy.join();
    Path jfr = profiler.stop();

    JfrSummary summary = JfrSummary.read(jfr, name -> name.contains("StreamThread"), 5);
    JfrSummary none = JfrSummary.read(jfr, name -> name.equals("no such thread"), 5);

    assertThat(summary.samples()).isPositive();
    assertThat(summary.byComponent().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(summary.samples());
    assertThat(summary.hotMethods()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
    assertThat(summary.ourMethodsInclusive()).extracting(e -> e.getKey())
        .contains("io.leadpipeline.bench.profile.JfrSummaryTest.spin");
    assertThat(none.samples()).isZero();
  }

  private static void spin() {
    long end = System.nanoTime() + 1_500_000_000L;
    double x = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        x += Math.sqrt(i + x);
      }
    }
    if (x == 42) {
      System.out.println(x);
    }
  }
}
