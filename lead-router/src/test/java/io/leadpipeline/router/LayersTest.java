package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The router's packages form layers, and nothing depends on a layer above its own: formats and
 * ordering at the bottom, then validation, ops, the suppression and matching rules, notices and
 * re-offers, delivery, the allocation stage, and the application (this package) on top. Read from
 * the sources, every reference to another router package counts, imported or fully qualified.
 */
class LayersTest {
  private static final Path SOURCES = Path.of("src/main/java/io/leadpipeline/router");
  private static final String ROOT = "";

  /** Package (relative to io.leadpipeline.router; "" for the application) → layer, lowest first. */
  static final Map<String, Integer> LAYERS = Map.ofEntries(
      Map.entry("wire", 0),
      Map.entry("ordering", 0),
      Map.entry("validation", 1),
      Map.entry("ops", 2),
      Map.entry("suppression", 3),
      Map.entry("matching", 3),
      Map.entry("notices", 4),
      Map.entry("reoffer", 4),
      Map.entry("delivery", 5),
      Map.entry("allocation", 6),
      Map.entry(ROOT, 7));

  private static final Pattern REFERENCE = Pattern.compile("io\\.leadpipeline\\.router\\.([a-z]+)\\.");

  @Test
  void everyPackageHasALayer() throws IOException {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      List<String> packages = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
      assertThat(LAYERS.keySet()).containsAll(packages);
    }
  }

  @Test
  void noPackageDependsOnALayerAboveIt() throws IOException {
    List<String> upward = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path dir = SOURCES.relativize(file.getParent());
        String from = dir.toString().isEmpty() ? ROOT : dir.getName(0).toString();
        Matcher m = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          String to = m.group(1);
          if (LAYERS.containsKey(to) && LAYERS.get(to) > LAYERS.get(from)) {
            upward.add(SOURCES.relativize(file) + " uses " + to);
          }
        }
      }
    }
    assertThat(upward).as("references to a higher layer").isEmpty();
  }

  @Test
  void thePartnerImportDoesNotNeedTheRunningRouter() throws IOException {
    assertThat(Files.readString(SOURCES.resolve("PartnerImport.java"), StandardCharsets.UTF_8))
        .doesNotContainPattern("\\bLeadRouter\\b");
  }
}
