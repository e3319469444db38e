package io.leadpipeline.suppression;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.avro.RoutingDecision;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.suppression.dsar.DecisionSource;
import io.leadpipeline.suppression.dsar.NoticeSource;
import io.leadpipeline.suppression.rectify.RectificationSource;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The real HTTP service over an in-memory log, for unit tests of the HTTP layer and the pages.
 * The ITs run the same service on the real broker.
 */
public final class TestService implements AutoCloseable {
  public static final String SUBJECT_SECRET = "subject-key-secret-for-tests";
  public static final String WRITER = "writer.writer-secret";
  public static final String READER = "reader.reader-secret";
  public static final String ALL = "all.all-secret";

  public final InMemorySuppressionLog log;
  public final SuppressionView view = new SuppressionView();
  public final List<RoutingDecision> decisions = new ArrayList<>();
  /** What the partners' notice topics hold, as the router wrote it. */
  public final List<ContactNotice> notices = new ArrayList<>();
  /** What the partners' correction topics hold, as the router wrote it. */
  public final List<CorrectionNotice> corrections = new ArrayList<>();
  public final SuppressionService service;
  public final HttpClient http = HttpClient.newHttpClient();

  public TestService(Path stateDir, int perMinute, Clock clock) {
    this.log = new InMemorySuppressionLog(clock);
    view.markCaughtUp();
    String keys =
        ApiKeys.configLine("writer", "writer-secret", EnumSet.of(Scope.SUPPRESSION_WRITE, Scope.TPS_WRITE))
            + ","
            + ApiKeys.configLine("reader", "reader-secret", EnumSet.of(Scope.DSAR_READ))
            + ","
            + ApiKeys.configLine("all", "all-secret", EnumSet.allOf(Scope.class));
    ServiceConfig config =
        new ServiceConfig(
            "unused:9092", "http://unused", "", SUBJECT_SECRET, "127.0.0.1", 0, null,
            "token-secret-for-tests", Duration.ofDays(30), ApiKeys.parse(keys), perMinute, stateDir,
            1 << 20, Duration.ofHours(24), Duration.ofSeconds(1), Map.of(), Map.of());
    DecisionSource source =
        subjectKey -> new DecisionSource.Decisions(
            decisions.stream().filter(d -> d.getSubjectKey().equals(subjectKey)).toList(), 0);
    NoticeSource told = (partners, leadIds) -> new NoticeSource.Notices(
        notices.stream()
            .filter(n -> partners.containsKey(n.getPartnerId()) && n.getLeadIds().stream().anyMatch(leadIds::contains))
            .toList(), 0);
    RectificationSource rectifications = new RectificationSource() {
      @Override
      public Found requestsOf(Subject subject) {
        List<RectificationRequest> asked = log.on(Topics.REQUESTS_RECTIFICATIONS.baseName()).stream()
            .map(a -> (RectificationRequest) a.value())
            .filter(q -> subject.keys().contains(q.getSubjectKey()) || subject.keys().contains(q.getPhoneKey()))
            .toList();
        return new Found(asked, List.of(), 0);
      }

      @Override
      public Found correctionsNaming(java.util.Set<String> partnerIds, java.util.Set<String> leadIds) {
        return new Found(List.of(), corrections.stream()
            .filter(n -> partnerIds.contains(n.getPartnerId()) && leadIds.contains(n.getLeadId())).toList(), 0);
      }
    };
    this.service = SuppressionService.assemble(config, log, view, null, source, told, rectifications, clock);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + service.httpPort() + path;
  }

  public HttpResponse<String> send(String method, String path, String apiKey, String json, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    headers.forEach(b::header);
    if (json != null) {
      if (!headers.containsKey("Content-Type")) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String apiKey, String json) throws IOException, InterruptedException {
    return send("POST", path, apiKey, json, Map.of());
  }

  @Override
  public void close() {
    service.close();
  }
}
