package io.leadpipeline.suppression.rectify;

import io.leadpipeline.avro.CorrectionNotice;
import io.leadpipeline.avro.RectificationRequest;
import io.leadpipeline.suppression.Subject;
import io.leadpipeline.suppression.TopicScan;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code requests.rectifications} (7 days) and the partners' correction topics, committed
 * records only, from the start to their current end, once per access request, as
 * {@code KafkaNoticeSource} reads the notice topics.
 */
public final class KafkaRectificationSource implements RectificationSource {
  private final Map<String, Object> clientConfig;
  private final TopicSerdes serdes;
  private final String prefix;

  public KafkaRectificationSource(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    this.clientConfig = new HashMap<>(clientConfig);
    this.serdes = serdes;
    this.prefix = prefix;
  }

  @Override
  public Found requestsOf(Subject subject) {
    Set<String> keys = Set.copyOf(subject.keys());
    try (TopicScan scan = new TopicScan(clientConfig, "suppression-service-dsar-rectifications", serdes, prefix)) {
      List<RectificationRequest> found = scan.read(Topics.REQUESTS_RECTIFICATIONS,
          r -> isOneOf(r.getSubjectKey(), keys) || isOneOf(r.getPhoneKey(), keys));
      return new Found(found, List.of(), scan.unreadable());
    }
  }

  @Override
  public Found correctionsNaming(Set<String> partnerIds, Set<String> leadIds) {
    List<CorrectionNotice> found = new ArrayList<>();
    if (partnerIds.isEmpty()) {
      return new Found(List.of(), found, 0);
    }
    try (TopicScan scan = new TopicScan(clientConfig, "suppression-service-dsar-rectifications", serdes, prefix)) {
      for (String partnerId : new TreeSet<>(partnerIds)) {
        found.addAll(scan.read(Topics.corrections(partnerId), n -> leadIds.contains(n.getLeadId())));
      }
      return new Found(List.of(), found, scan.unreadable());
    }
  }

  /** A request names one key or both: the other is null, which an immutable set cannot be asked about. */
  private static boolean isOneOf(String key, Set<String> keys) {
    return key != null && keys.contains(key);
  }
}
