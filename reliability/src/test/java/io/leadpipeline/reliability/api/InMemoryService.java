package io.leadpipeline.reliability.api;

import io.leadpipeline.config.Settings;
import io.leadpipeline.suppression.ServiceConfig;
import io.leadpipeline.suppression.SuppressionLog;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.suppression.SuppressionView;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.dsar.DecisionSource;
import io.leadpipeline.suppression.dsar.NoticeSource;
import io.leadpipeline.topics.TopicSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real suppression-service (its HTTP server, routes, parsing and access control) over a log
 * that acknowledges at once, for fuzzing at unit speed. The ITs use Kafka.
 */
final class InMemoryService {
  static final String KEY = "fuzz.0123456789abcdef0123456789abcdef";

  private InMemoryService() {}

  static SuppressionService start(Path tpsDir) {
    Map<String, String> s = new HashMap<>(ServiceConfig.DEFAULTS);
    s.put("bootstrap.servers", "unused:9092");
    s.put("schema.registry.url", "http://unused");
    s.put("subject.key.secret", "fuzzing-subject-secret-0123456789");
    s.put("unsubscribe.token.secret", "fuzzing-unsubscribe-secret-0123456789");
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("api.rate-limit.per-minute", "100000000");
    s.put("tps.state.dir", tpsDir.toString());
    s.put("api.keys", ApiKeys.configLine("fuzz", "0123456789abcdef0123456789abcdef", EnumSet.allOf(Scope.class)));
    ServiceConfig config = ServiceConfig.from(Settings.of(s));
    SuppressionView view = new SuppressionView();
    view.markCaughtUp();
    return SuppressionService.assemble(config, new AcknowledgingLog(), view, null,
        subjectKey -> new DecisionSource.Decisions(List.of(), 0),
        (partners, leadIds) -> new NoticeSource.Notices(List.of(), 0), Clock.systemUTC());
  }

  /** Acknowledges every append at once, as a broker would with LogAppendTime. */
  static final class AcknowledgingLog implements SuppressionLog {
    private final AtomicLong offset = new AtomicLong();

    @Override
    public <V> CompletableFuture<Ack> append(TopicSpec<String, V> topic, String key, V value) {
      return CompletableFuture.completedFuture(new Ack(topic.baseName(), 0, offset.getAndIncrement(), Instant.now()));
    }

    @Override
    public void flush() {}

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public void close() {}
  }
}
