package io.leadpipeline.router.reoffer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topic a rejected lead's enquiry takes from the allocation step back to the start of the
 * suppression stages (docs/SPECIFICATION.md §6.8). A topology cannot loop through a repartition
 * topic, so the router creates this one itself, named after its {@code application.id} like its
 * internal topics (and covered by the same ACL). It carries ids, keys and times only.
 */
public final class ReofferTopic {
  private static final Duration RETENTION = Duration.ofDays(7);

  private ReofferTopic() {}

  public static String name(String applicationId) {
    return applicationId + "-reoffers";
  }

  /** Creates the topic if it does not exist; {@code replicationFactor} -1 is the broker's default. */
  public static void create(Map<String, Object> adminConfig, String applicationId, short replicationFactor) {
    NewTopic topic = new NewTopic(name(applicationId), Optional.of(1),
        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
        .configs(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION.toMillis())));
    try (Admin admin = Admin.create(adminConfig)) {
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + topic.name(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + topic.name(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(topic.name() + " not created within 30 s", e);
    }
  }
}
