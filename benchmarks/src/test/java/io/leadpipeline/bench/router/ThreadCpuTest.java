package io.leadpipeline.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  /** Spins on a thread of the given name until it has used {@code cpuNanos} of CPU, then ends. */
  private static Thread spinning(String name, long cpuNanos, CountDownLatch spun, CountDownLatch release) {
    Thread t = new Thread(() -> {
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long startedAt = threads.getCurrentThreadCpuTime();
      long x = 0;
      while (threads.getCurrentThreadCpuTime() - startedAt < cpuNanos) {
        x += System.nanoTime() % 7;
      }
      spun.countDown();
      try {
        release.await(10, TimeUnit.SECONDS); // stay alive until read: an ended thread is not counted
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (x == 42) {
        System.out.print(""); // keep the loop from being optimised away
      }
    }, name);
    t.start();
    return t;
  }

  @Test
  void countsTheCpuOfThreadsNamedWithTheApplicationIdStartedSinceAndNoOthers() throws Exception {
    ThreadCpu cpu = ThreadCpu.start("bench-eos.router");
    CountDownLatch spun = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Thread mine = spinning("bench-eos.router-1234-StreamThread-1", 50_000_000L, spun, release);
    Thread other = spinning("bench-eos.passthrough-StreamThread-1", 200_000_000L, spun, release);
    assertThat(spun.await(30, TimeUnit.SECONDS)).isTrue();

    long used = cpu.usedNanos();

    release.countDown();
    mine.join();
    other.join();
    assertThat(used).isBetween(50_000_000L, 190_000_000L);
  }
}
