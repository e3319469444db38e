package io.leadpipeline.suppression.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.CallConsent;
import io.leadpipeline.avro.ConsentStatus;
import io.leadpipeline.avro.ContactPreferences;
import io.leadpipeline.avro.DoNotRepeat;
import io.leadpipeline.config.Settings;
import io.leadpipeline.identity.SubjectKeys;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.localstack.LocalStackExtension;
import io.leadpipeline.suppression.SuppressionService;
import io.leadpipeline.suppression.access.ApiKeys;
import io.leadpipeline.suppression.access.Scope;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasures raced against objections for the same people through the HTTP API, on the real broker:
 * each person has a granted call consent (which an erasure removes), and an erasure and one
 * objection (opt-out, do-not-call, do-not-repeat or consent revocation) are sent at once. What
 * the topics hold at the end, read back as the router reads them, must include every objection.
 * The forced interleavings are {@code ErasureInterleavingTest}'s; this is the same path end to end.
 */
@Tag("integration")
@ExtendWith(LocalStackExtension.class)
@Timeout(300)
class ErasureRaceIT {
  private static final String SUBJECT_SECRET = "it-subject-key-secret-0123456789";
  private static final String KEY = "it.it-api-secret";
  private static final int PEOPLE = 80;
  private final SubjectKeys keys = new SubjectKeys(SUBJECT_SECRET);
  private final HttpClient http = HttpClient.newHttpClient();

  private static Settings settings(LocalStack stack, String prefix, Path state) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", stack.bootstrapServers());
    s.put("schema.registry.url", stack.schemaRegistryUrl());
    s.put("topic.prefix", prefix);
    s.put("subject.key.secret", SUBJECT_SECRET);
    s.put("unsubscribe.token.secret", "it-token-secret-0123456789");
    s.put("http.port", "0");
    s.put("http.host", "127.0.0.1");
    s.put("api.keys", ApiKeys.configLine("it", "it-api-secret", EnumSet.allOf(Scope.class)));
    s.put("api.rate-limit.per-minute", "100000");
    s.put("tps.state.dir", state.toString());
    s.put("startup.timeout", "30s");
    return Settings.of(s);
  }

  private HttpResponse<String> call(SuppressionService service, String method, String path, String json) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
        .header("Authorization", "Bearer " + KEY)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(90))
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static String email(int i) {
    return "person" + i + "@example.org";
  }

  private static String phone(int i) {
    return String.format("+4420794607%02d", i);
  }

  @Test
  void noObjectionIsLostToAnErasureSentAtTheSameTime(LocalStack stack, @TempDir Path state) throws Exception {
    String prefix = "erasure-race-it.";
    List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
    Topics.fixed().forEach(t -> topics.add(t.newTopic(prefix, (short) 1)));
    stack.createTopics(topics);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (SuppressionService service = SuppressionService.start(settings(stack, prefix, state))) {
      for (int i = 0; i < PEOPLE; i++) {
        assertThat(call(service, "POST", "/v1/call-consents", "{\"phone\":\"" + phone(i) + "\"}").statusCode()).isEqualTo(200);
      }
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < PEOPLE; i++) {
        String person = "{\"email\":\"" + email(i) + "\",\"phone\":\"" + phone(i) + "\"}";
        String[] objection = switch (i % 4) {
          case 0 -> new String[] {"POST", "/v1/opt-outs", "{\"email\":\"" + email(i) + "\",\"channels\":[\"EMAIL_MARKETING\"]}"};
          case 1 -> new String[] {"POST", "/v1/do-not-call", "{\"phone\":\"" + phone(i) + "\"}"};
          case 2 -> new String[] {"POST", "/v1/do-not-repeat", "{\"email\":\"" + email(i) + "\",\"partnerIds\":[\"acme\"]}"};
          default -> new String[] {"DELETE", "/v1/call-consents", "{\"phone\":\"" + phone(i) + "\"}"};
        };
        answers.add(pool.submit(() -> call(service, "POST", "/v1/subjects/erasure", person)));
        answers.add(pool.submit(() -> call(service, objection[0], objection[1], objection[2])));
      }
      for (Future<HttpResponse<String>> a : answers) {
        HttpResponse<String> r = a.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }

    TopicSerdes serdes = TopicSerdes.forRegistry(stack.schemaRegistryUrl());
    Map<String, ContactPreferences> prefs = latest(stack, serdes, Topics.SUPPRESSION_PREFERENCES, prefix);
    Map<String, DoNotRepeat> lists = latest(stack, serdes, Topics.SUPPRESSION_DO_NOT_REPEAT, prefix);
    Map<String, CallConsent> consents = latest(stack, serdes, Topics.SUPPRESSION_CALL_CONSENTS, prefix);
    List<Integer> lost = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      String subject = keys.ofEmail(email(i));
      String phone = keys.ofPhone(phone(i));
      boolean honoured = switch (i % 4) {
        case 0 -> prefs.get(subject) != null && prefs.get(subject).getEmailMarketingOptOutAt() != null;
        case 1 -> prefs.get(phone) != null && prefs.get(phone).getDoNotCallAt() != null;
        case 2 -> lists.get(subject) != null && lists.get(subject).getPartnerIds().contains("acme");
        default -> consents.get(phone) != null && consents.get(phone).getStatus() == ConsentStatus.REVOKED;
      };
      if (!honoured) {
        lost.add(i);
      }
    }
    assertThat(lost).as("people whose objection the topics no longer hold").isEmpty();
  }

  /** The newest value per key on the topic (null for a tombstone), decoded as the router would. */
  private static <V> Map<String, V> latest(LocalStack stack, TopicSerdes serdes, TopicSpec<String, V> spec, String prefix) {
    String topic = spec.name(prefix);
    Map<String, V> out = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : new TopicReader(stack.bootstrapServers()).readAll(topic)) {
      out.put(r.key(), r.value() == null ? null : serdes.value(spec).deserializer().deserialize(topic, r.value()));
    }
    return out;
  }
}
