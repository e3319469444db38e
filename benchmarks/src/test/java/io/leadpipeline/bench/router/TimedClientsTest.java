package io.leadpipeline.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class TimedClientsTest {
  /** Runs {@code call} on a thread named as a stream thread is. */
  private static void onStreamThread(Runnable call) throws InterruptedException {
    Thread t = new Thread(call, "bench-eos.router-1234-StreamThread-1");
    t.start();
    t.join();
  }

  @Test
  void timesTheStreamThreadsCallsOnlyOnceStarted() throws Exception {
    TimedClients clients = new TimedClients();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"); // never contacted: metrics() is local
    try (Producer<byte[], byte[]> producer = clients.getProducer(config)) {
      onStreamThread(producer::metrics);
      assertThat(clients.read().byActivity()).doesNotContainKey("producer.metrics");

      clients.start();
      onStreamThread(producer::metrics);
      onStreamThread(producer::metrics);
      assertThat(clients.read().byActivity().get("producer.metrics").calls()).isEqualTo(2);
    }
  }
}
