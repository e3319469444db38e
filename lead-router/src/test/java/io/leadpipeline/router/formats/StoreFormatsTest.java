package io.leadpipeline.router.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.leadpipeline.router.Fixtures;
import io.leadpipeline.router.LeadRouter;
import io.leadpipeline.router.RouterConfig;
import io.leadpipeline.router.formats.StoreFormats.Catalogued;
import io.leadpipeline.router.formats.StoreFormats.Fixture;
import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.BrokerEnds;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.router.reoffer.ReofferTopic;
import io.leadpipeline.serde.testing.InMemoryRegistry;
import io.leadpipeline.topics.TopicSerdes;
import io.leadpipeline.topics.Topics;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The router's stores and internal topics read what the previous version wrote
 * (docs/SPECIFICATION.md §7.5): each committed fixture decodes, with today's serde, to its
 * expected value, field by field; and every store and internal topic of the topology has a
 * fixture, so a new one cannot be added without one.
 *
 * <p>A missing fixture is written by today's code with {@code -Dstore.formats.write=true}
 * ({@link #WRITE_COMMAND}); a committed fixture is never rewritten: it is what an older version
 * left in a changelog.
 */
class StoreFormatsTest {
  static final String WRITE_COMMAND = "mvn -B -ntp -pl lead-router -am test -Dtest=StoreFormatsTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dstore.formats.write=true";
  private static final boolean WRITE = Boolean.getBoolean("store.formats.write");
  private static final Path DIR = Path.of("src", "test", "resources", "store-formats");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

  static List<Fixture> fixtures() {
    return StoreFormats.FIXTURES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void eachFixtureDecodesToItsValueFieldByField(Fixture f) throws IOException {
    byte[] bytes = fixtureBytes(f);

    Object decoded = deserialize(f.serde(), bytes);

    // Records compare every component, nested records, lists and maps included: a renamed field
    // decodes to its default (unknown names are ignored) and a retyped one fails to decode.
    assertThat(decoded)
        .as("%s.bin, as today's code reads it (a changed format gets a -v%d fixture; see StoreFormats)",
            f.file(), f.version() + 1)
        .isEqualTo(f.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void theReadableTwinIsTheSameValue(Fixture f) throws IOException {
    byte[] bytes = fixtureBytes(f);
    JsonNode twin = JSON.readTree(Files.readString(DIR.resolve(f.file() + ".json"), StandardCharsets.UTF_8));

    assertThat(sameJson(readable(f, bytes), twin)).as(f.file() + ".json is the .bin's content").isTrue();
    if (f.jsonSerde()) {
      // Versions before Smile wrote JSON text, and the serde still reads it.
      assertThat(deserialize(f.serde(), JSON.writeValueAsBytes(twin))).isEqualTo(f.expected());
    }
  }

  @Test
  void theNewestFixtureOfEachFormatSetsEveryField() {
    Map<String, Fixture> newest = StoreFormats.FIXTURES.stream()
        .collect(Collectors.toMap(Fixture::name, f -> f, (a, b) -> a.version() > b.version() ? a : b));
    for (Fixture f : newest.values()) {
      assertThat(isDefault(f.expected())).as("%s's value is its type's default", f.file()).isFalse();
      assertThat(unsetComponents(f.expected(), ""))
          .as("components %s leaves at null or their default: a renamed one would go unnoticed", f.file())
          .containsExactlyInAnyOrderElementsOf(f.unset());
    }
  }

  @Test
  void everyStoreAndInternalTopicOfTheTopologyHasAFormat() {
    RouterConfig config = RouterConfig.forTests(Fixtures.SECRET);
    TopologyDescription topology = topology(config).describe();

    Set<String> stores = new TreeSet<>();
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology s : topology.subtopologies()) {
      s.nodes().forEach(n -> collect(n, stores, topics));
    }
    for (TopologyDescription.GlobalStore g : topology.globalStores()) {
      collect(g.source(), stores, topics);
      collect(g.processor(), stores, topics);
    }
    Set<String> catalogue = Stream.concat(
            Topics.fixed().stream().map(t -> t.name(config.topicPrefix())),
            Stream.of(Topics.PORTAL_RESPONSES.name(config.topicPrefix())))
        .collect(Collectors.toSet());
    topics.removeAll(catalogue);
    // The re-offer topic is the application's own, named after it.
    String reoffers = ReofferTopic.name(config.applicationId());
    assertThat(topics).contains(reoffers);
    topics.remove(reoffers);
    topics.add("reoffers");

    Set<String> withFixtures = StoreFormats.FIXTURES.stream().map(Fixture::store).collect(Collectors.toSet());
    Set<String> catalogued = StoreFormats.CATALOGUED.stream().map(Catalogued::name).collect(Collectors.toSet());
    Set<String> wired = new TreeSet<>(stores);
    wired.addAll(topics);
    Set<String> known = new TreeSet<>(withFixtures);
    known.addAll(catalogued);

    assertThat(wired)
        .as("each store and internal topic needs a fixture in StoreFormats (then run %s)", WRITE_COMMAND)
        .isSubsetOf(known);
    assertThat(known).as("formats of stores and topics the topology no longer has").isSubsetOf(wired);
    assertThat(catalogued).as("catalogued stores are stores, not internal topics").isSubsetOf(stores);
  }

  @Test
  void everyCommittedFixtureFileBelongsToAFixture() throws IOException {
    Set<String> expected = new TreeSet<>();
    for (Fixture f : StoreFormats.FIXTURES) {
      expected.add(f.file() + ".bin");
      expected.add(f.file() + ".json");
    }
    try (Stream<Path> files = Files.list(DIR)) {
      Set<String> committed = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
      assertThat(committed)
          .as("a fixture is never deleted while its format could be in a changelog")
          .isEqualTo(expected);
    }
  }

  // ---- helpers ----

  private static org.apache.kafka.streams.Topology topology(RouterConfig config) {
    InMemoryRegistry registry = new InMemoryRegistry();
    Ordering ordering = new Ordering(new BrokerEnds(), () -> true, config.clockSkewBound(), config.barrierTick());
    return LeadRouter.buildTopology(config, TopicSerdes.forRegistry(registry.url()), RouterMetrics.unscraped(), ordering);
  }

  private static void collect(TopologyDescription.Node n, Set<String> stores, Set<String> topics) {
    if (n instanceof TopologyDescription.Processor p) {
      stores.addAll(p.stores());
    } else if (n instanceof TopologyDescription.Source s && s.topicSet() != null) {
      topics.addAll(s.topicSet());
    } else if (n instanceof TopologyDescription.Sink s && s.topic() != null) {
      topics.add(s.topic());
    }
  }

  private static byte[] fixtureBytes(Fixture f) throws IOException {
    Path bin = DIR.resolve(f.file() + ".bin");
    if (!Files.exists(bin)) {
      assertThat(WRITE).as("%s is missing; today's code writes it with: %s", bin, WRITE_COMMAND).isTrue();
      write(f);
    }
    return Files.readAllBytes(bin);
  }

  /** Today's bytes of the fixture's value, and their readable twin. Only for a missing fixture. */
  @SuppressWarnings("unchecked")
  private static void write(Fixture f) throws IOException {
    Files.createDirectories(DIR);
    byte[] bytes = ((Serde<Object>) f.serde()).serializer().serialize(f.store(), f.expected());
    Files.write(DIR.resolve(f.file() + ".bin"), bytes);
    Files.writeString(DIR.resolve(f.file() + ".json"), JSON.writeValueAsString(readable(f, bytes)) + "\n",
        StandardCharsets.UTF_8);
  }

  /** The fixture's bytes as JSON: a Smile document as it is, any other value as the value. */
  private static JsonNode readable(Fixture f, byte[] bytes) throws IOException {
    return f.jsonSerde() ? SMILE.readTree(bytes) : JSON.valueToTree(deserialize(f.serde(), bytes));
  }

  private static Object deserialize(Serde<?> serde, byte[] bytes) {
    return serde.deserializer().deserialize("store-formats", bytes);
  }

  /** Equal JSON, a number being equal to the same number however it is encoded. */
  private static boolean sameJson(JsonNode a, JsonNode b) {
    Comparator<JsonNode> numbersByValue = (x, y) -> x.equals(y)
        || (x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0) ? 0 : 1;
    return a.equals(numbersByValue, b);
  }

  /**
   * The paths of record components that are null, false, zero or empty, looking into nested
   * records, list elements and map values.
   */
  static Set<String> unsetComponents(Object value, String path) {
    Set<String> unset = new TreeSet<>();
    if (value == null || !value.getClass().isRecord()) {
      return unset;
    }
    for (RecordComponent c : value.getClass().getRecordComponents()) {
      String at = path.isEmpty() ? c.getName() : path + "." + c.getName();
      Object v;
      try {
        v = c.getAccessor().invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (isDefault(v)) {
        unset.add(at);
      } else if (v instanceof Collection<?> items) {
        int i = 0;
        for (Object item : items) {
          unset.addAll(unsetComponents(item, at + "[" + i++ + "]"));
        }
      } else if (v instanceof Map<?, ?> m) {
        m.forEach((k, item) -> unset.addAll(unsetComponents(item, at + "[" + k + "]")));
      } else {
        unset.addAll(unsetComponents(v, at));
      }
    }
    return unset;
  }

  private static boolean isDefault(Object v) {
    return v == null
        || Boolean.FALSE.equals(v)
        || (v instanceof Number n && n.doubleValue() == 0)
        || (v instanceof String s && s.isEmpty())
        || (v instanceof Collection<?> c && c.isEmpty())
        || (v instanceof Map<?, ?> m && m.isEmpty());
  }
}
