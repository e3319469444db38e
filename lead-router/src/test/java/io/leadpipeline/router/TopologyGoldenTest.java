package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.router.ops.RouterMetrics;
import io.leadpipeline.router.ordering.BrokerEnds;
import io.leadpipeline.router.ordering.Ordering;
import io.leadpipeline.serde.testing.InMemoryRegistry;
import io.leadpipeline.topics.TopicSerdes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The router's wiring, pinned: {@code describe()} of the production topology must equal the
 * committed golden file, so a change to stages, stores or topics shows in review; the README's
 * diagram is drawn from the same description. Store names are part of the contract (their
 * changelog topics derive from them). After an intended change, regenerate both with {@link
 * #REGENERATE}.
 */
class TopologyGoldenTest {
  static final String REGENERATE =
      "mvn -B -ntp -pl lead-router -am test -Dtest=TopologyGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dtopology.golden.write=true";
  private static final boolean WRITE = Boolean.getBoolean("topology.golden.write");
  private static final Path GOLDEN = Path.of("src/test/resources/router-topology.txt");
  private static final Path README = Path.of("README.md");
  private static final String BEGIN = "<!-- topology:begin (generated from RouterTopology.build(...).describe(); do not edit) -->";
  private static final String END = "<!-- topology:end -->";

  static TopologyDescription describe() {
    LeadRouter.allowAvroPackages();
    RouterConfig config = RouterConfig.forTests(Fixtures.SECRET);
    Ordering ordering = new Ordering(new BrokerEnds(), () -> true, config.clockSkewBound(), config.barrierTick());
    TopicSerdes serdes = TopicSerdes.forRegistry(new InMemoryRegistry().url());
    return LeadRouter.buildTopology(config, serdes, RouterMetrics.unscraped(), ordering).describe();
  }

  @Test
  void theTopologyIsTheGoldenFile() throws IOException {
    check(GOLDEN, stable(describe().toString()));
  }

  /**
   * The description without what changes from run to run: a lambda's class name, and the order
   * of a processor's stores (a hash set's).
   */
  static String stable(String description) {
    String text = description.replaceAll("\\$\\$Lambda[^ )\\n]*", "\\$\\$Lambda");
    Matcher m = Pattern.compile("\\(stores: \\[([^]]*)]\\)").matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String sorted = m.group(1).isEmpty() ? "" : String.join(", ", new TreeSet<>(List.of(m.group(1).split(", "))));
      m.appendReplacement(b, Matcher.quoteReplacement("(stores: [" + sorted + "])"));
    }
    m.appendTail(b);
    return b.toString();
  }

  @Test
  void theReadmeDiagramIsDrawnFromTheTopology() throws IOException {
    String text = Files.readString(README, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("README.md has no generated topology section").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String generated = text.substring(0, begin) + BEGIN + "\n```text\n" + diagram(describe()) + "```\n" + text.substring(end);
    check(README, generated);
  }

  /** One line per sub-topology: its sources, each processor with the stores it uses, its sinks. */
  static String diagram(TopologyDescription d) {
    StringBuilder b = new StringBuilder();
    for (TopologyDescription.GlobalStore g : d.globalStores().stream()
        .sorted(Comparator.comparingInt(TopologyDescription.GlobalStore::id)).toList()) {
      b.append("global  ").append(String.join(", ", g.source().topicSet()))
          .append(" -> store ").append(String.join(", ", g.processor().stores())).append('\n');
    }
    for (TopologyDescription.Subtopology s : d.subtopologies().stream()
        .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id)).toList()) {
      b.append("task ").append(s.id()).append('\n');
      List<TopologyDescription.Node> nodes = s.nodes().stream()
          .sorted(Comparator.comparing(TopologyDescription.Node::name)).toList();
      for (TopologyDescription.Node n : nodes) {
        if (n instanceof TopologyDescription.Source src) {
          b.append("  in    ").append(src.topicSet() != null ? String.join(", ", new TreeSet<>(src.topicSet()))
              : String.valueOf(src.topicPattern())).append('\n');
        }
      }
      for (TopologyDescription.Node n : nodes) {
        if (n instanceof TopologyDescription.Processor p && !p.stores().isEmpty()) {
          b.append("  step  ").append(p.name()).append("  [")
              .append(p.stores().stream().sorted().collect(Collectors.joining(", "))).append("]\n");
        }
      }
      for (TopologyDescription.Node n : nodes) {
        if (n instanceof TopologyDescription.Sink sink) {
          b.append("  out   ").append(sink.topic() != null ? sink.topic() : sink.name() + " (topic per record)").append('\n');
        }
      }
    }
    return b.toString();
  }

  private static void check(Path file, String generated) throws IOException {
    if (WRITE) {
      Files.writeString(file, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(file + " differs from the router's topology; if the change is intended, regenerate it with: " + REGENERATE)
        .isEqualTo(generated);
  }
}
