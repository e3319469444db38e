package io.leadpipeline.bench.tps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryReadingsTest {
  @Test
  void peakRssIsReadFromVmHwm() {
    String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  327680 kB\nVmRSS:\t  300000 kB\n";
    assertThat(ProcStatus.field(status, "VmHWM")).hasValue(327_680L * 1024);
    assertThat(ProcStatus.field(status, "VmSwap")).isEmpty();
  }

  @Test
  void peakRssOfThisJvmIsThere() {
    assertThat(ProcStatus.peakRssBytes(ProcessHandle.current().pid()).orElseThrow()).isPositive();
  }

  @Test
  void peakHeapIsTheFullestHeapBeforeAnyCollection() {
    GcLogPeak peak = new GcLogPeak();
    peak.accept("[0.012s][info][gc] Using G1");
    peak.accept("[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms");
    peak.accept("[2.500s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 301M->120M(512M) 9.1ms");
    peak.accept("[3.000s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 200M->150M(512M) 5ms");
    peak.accept("[3.100s][info][gc] GC(3) Concurrent Mark Cycle 40.2ms");
    assertThat(peak.peakBytes()).isEqualTo(301L << 20);
    assertThat(peak.committedBytes()).isEqualTo(512L << 20);
    assertThat(peak.collections()).isEqualTo(3);
  }

  @Test
  void understandsKilobytesAndGigabytes() {
    GcLogPeak peak = new GcLogPeak();
    peak.accept("GC(0) Pause Full (System.gc()) 900K->100K(1G) 1ms");
    assertThat(peak.peakBytes()).isEqualTo(900L << 10);
    assertThat(peak.committedBytes()).isEqualTo(1L << 30);
  }
}
