package io.leadpipeline.portal.it;

import io.leadpipeline.avro.OfficeType;
import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import io.leadpipeline.localstack.LocalStack;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.serde.ConfluentAvroSerializer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The real lead router beside a test portal: its settings, a producer for its inputs, a partner it routes to. */
final class PortalRouter {
  private PortalRouter() {}

  /** The router's settings on the portal's topics; registers are never stale, so nothing waits on a TPS load. */
  static Map<String, String> settings(LocalStack stack, PortalStack ps, Path state) {
    Map<String, String> m = new HashMap<>(RouterConfig.DEFAULTS);
    m.put("bootstrap.servers", stack.bootstrapServers());
    m.put("schema.registry.url", stack.schemaRegistryUrl());
    m.put("topic.prefix", ps.prefix);
    m.put("subject.key.secret", PortalStack.SUBJECT_SECRET);
    m.put("application.id", ps.prefix + "router");
    m.put("state.dir", state.toString());
    m.put("http.port", "0");
    m.put("replication.factor", "1");
    m.put("suppression.max-register-age", "0");
    return m;
  }

  static KafkaProducer<String, SpecificRecord> producer(LocalStack stack) {
    Map<String, Object> p = new HashMap<>(stack.adminConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    ConfluentAvroSerializer<SpecificRecord> values =
        new ConfluentAvroSerializer<>(Map.of("schema.registry.url", stack.schemaRegistryUrl()), false);
    return new KafkaProducer<>(p, new StringSerializer(), values);
  }

  /** An operator in London taking serviced offices at any time, without a cap. */
  static Partner operator(String id, String name) {
    return Partner.newBuilder()
        .setPartnerId(id).setName(name).setKind(PartnerKind.OPERATOR).setActive(true)
        .setCities(List.of("London")).setPostcodeDistricts(List.of()).setMinDesks(1).setMaxDesks(100)
        .setOfficeTypes(List.of(OfficeType.SERVICED)).setMinPricePerDeskGbp(null).setDailyCap(null)
        .setTimeZone("Europe/London").setDeliveryHours(null).setExclusive(false).setWeight(1)
        .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
  }
}
