package io.leadpipeline.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.avro.PartnerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Producers and consumers we do not control code against these schemas, so every schema must stay
 * BACKWARD compatible (a new reader reads old data) with every version ever committed under
 * {@code schemas/history/<Record>/v<N>.avsc}.
 *
 * <p>To record a deliberate, compatible change: {@code mvn -pl schemas test
 * -Dschema.history.record=true}, which writes the current schema as the next version.
 */
class SchemaHistoryTest {

  private static final Path HISTORY = Path.of("history");

  static Stream<Class<?>> contractRecords() {
    Stream<TopicSpec<?, ?>> topics =
        Stream.concat(
            Topics.fixed().stream(), Topics.partnerTopics(PartnerKind.LANDLORD, "x").stream());
    return topics
        .map(TopicSpec::valueType)
        .filter(org.apache.avro.specific.SpecificRecord.class::isAssignableFrom)
        .distinct()
        .map(type -> (Class<?>) type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractRecords")
  void everyCommittedVersionStaysReadable(Class<?> type) throws IOException {
    Schema current = SpecificData.get().getSchema(type);
    List<Path> versions = versions(current);
    if (Boolean.getBoolean("schema.history.record")
        && (versions.isEmpty() || !parse(versions.get(versions.size() - 1)).equals(current))) {
      Path next = HISTORY.resolve(current.getName()).resolve("v" + (versions.size() + 1) + ".avsc");
      Files.createDirectories(next.getParent());
      Files.writeString(next, current.toString(true) + "\n");
      versions = versions(current);
    }

    assertThat(versions)
        .as("%s has no committed history; run with -Dschema.history.record=true", type.getName())
        .isNotEmpty();
    for (Path version : versions) {
      Schema old = parse(version);
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      assertThat(result.getType())
          .as("%s cannot read data written with %s: %s", type.getSimpleName(), version,
              result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
    assertThat(parse(versions.get(versions.size() - 1)))
        .as("%s changed since %s; record the new version with -Dschema.history.record=true",
            type.getSimpleName(), versions.get(versions.size() - 1))
        .isEqualTo(current);
  }

  private static List<Path> versions(Schema schema) throws IOException {
    Path dir = HISTORY.resolve(schema.getName());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(Comparator.comparingInt(SchemaHistoryTest::versionNumber))
          .toList();
    }
  }

  private static int versionNumber(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
  }

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(Files.readString(file));
  }
}
