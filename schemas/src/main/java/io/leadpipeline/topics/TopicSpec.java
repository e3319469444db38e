package io.leadpipeline.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One entry of the topic catalogue: a topic's default name, the types of its keys and values, and
 * the configuration it is created with. Names are relative; a deployment may put a prefix in
 * front of every one of them.
 *
 * @param <K> key type
 * @param <V> value type
 */
public record TopicSpec<K, V>(
    String baseName,
    Class<K> keyType,
    Class<V> valueType,
    Cleanup cleanup,
    int partitions,
    Map<String, String> configs) {

  /** How a topic gets rid of old records. */
  public enum Cleanup {
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
    COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

    private final String policy;

    Cleanup(String policy) {
      this.policy = policy;
    }

    public String policy() {
      return policy;
    }
  }

  public TopicSpec {
    Objects.requireNonNull(baseName, "baseName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(cleanup, "cleanup");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1: " + baseName);
    }
    configs = Map.copyOf(configs);
  }

  /** The topic's name in a deployment that puts {@code prefix} in front of every topic. */
  public String name(String prefix) {
    return prefix == null ? baseName : prefix + baseName;
  }

  /** Every topic-level config the topic is created with, cleanup policy included. */
  public Map<String, String> topicConfigs() {
    Map<String, String> all = new HashMap<>(configs);
    all.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanup.policy());
    return Map.copyOf(all);
  }

  /** The admin request that creates this topic. */
  public NewTopic newTopic(String prefix, short replicationFactor) {
    return new NewTopic(name(prefix), partitions, replicationFactor).configs(topicConfigs());
  }
}
