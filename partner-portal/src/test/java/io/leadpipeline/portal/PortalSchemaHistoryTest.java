package io.leadpipeline.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.topics.TopicSpec;
import io.leadpipeline.topics.Topics;
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
 * The portal's records keep the contract every other record keeps (schemas/history): each stays
 * BACKWARD compatible with every committed version. To record a deliberate change: {@code mvn -pl
 * partner-portal test -Dtest=PortalSchemaHistoryTest -Dschema.history.record=true}.
 */
class PortalSchemaHistoryTest {
  private static final Path HISTORY = Path.of("..", "schemas", "history");

  static Stream<Class<?>> portalRecords() {
    return Topics.portal().stream().map(TopicSpec::valueType).distinct().map(t -> (Class<?>) t);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("portalRecords")
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
    assertThat(versions).as("%s has no committed history", type.getName()).isNotEmpty();
    for (Path version : versions) {
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(current, parse(version));
      assertThat(result.getType())
          .as("%s cannot read %s: %s", type.getSimpleName(), version, result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
    assertThat(parse(versions.get(versions.size() - 1)))
        .as("%s changed since %s; record the new version", type.getSimpleName(), versions.get(versions.size() - 1))
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
          .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
          .toList();
    }
  }

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(Files.readString(file));
  }
}
