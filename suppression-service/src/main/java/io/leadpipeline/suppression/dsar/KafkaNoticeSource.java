package io.leadpipeline.suppression.dsar;

import io.leadpipeline.avro.ContactNotice;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.suppression.TopicScan;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the notice topics of the partners a person went to, committed records only, from the
 * start to their current end, and keeps the notices naming the person's leads. Notice topics are
 * keyed by notice id, not by person, so each is read whole: the cost grows with those partners'
 * notices (kept as long as their lead topics), once per access request.
 */
public final class KafkaNoticeSource implements NoticeSource {
  private final Map<String, Object> clientConfig;
  private final TopicSerdes serdes;
  private final String prefix;

  public KafkaNoticeSource(Map<String, Object> clientConfig, TopicSerdes serdes, String prefix) {
    this.clientConfig = new HashMap<>(clientConfig);
    this.serdes = serdes;
    this.prefix = prefix;
  }

  @Override
  public Notices noticesNaming(Map<String, PartnerKind> partners, Set<String> leadIds) {
    List<ContactNotice> found = new ArrayList<>();
    if (partners.isEmpty()) {
      return new Notices(found, 0);
    }
    try (TopicScan scan = new TopicScan(clientConfig, "suppression-service-dsar-notices", serdes, prefix)) {
      for (Map.Entry<String, PartnerKind> p : new TreeMap<>(partners).entrySet()) {
        List<ContactNotice> naming = new ArrayList<>(scan.read(Topics.notices(p.getValue(), p.getKey()),
            n -> n.getLeadIds().stream().anyMatch(leadIds::contains)));
        naming.sort(Comparator.comparing(ContactNotice::getIssuedAt));
        found.addAll(naming);
      }
      return new Notices(found, scan.unreadable());
    }
  }
}
