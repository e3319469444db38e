package io.leadpipeline.ops.citations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Citations of the project's documents, checked against the documents themselves: a citation
 * of a section of a Markdown file ({@code docs/SPECIFICATION.md}, then a section sign and a
 * number, optionally "rule 2" after it) must name a file in the repository holding a heading for
 * that section (and, for a rule, a heading "Rule 2" inside it). A bare "§6 rule 2" resolves in the
 * Markdown file it is written in when that file has rules under §6, else in the specification.
 * Citing a document kept outside the repository (a brief, a workspace path) is refused outright:
 * a reader of the repository cannot follow it.
 */
public final class Citations {
  /** The files whose text can cite: code, documentation and build and configuration files. */
  public static final Set<String> SCANNED = Set.of("java", "md", "xml", "properties", "yml", "yaml");

  public static final String SPECIFICATION = "docs/SPECIFICATION.md";

  private static final String SECTION = "§(\\d+(?:\\.\\d+)*)";
  private static final String RULES =
      "(?:,?\\s+rules?\\s+(\\d+)(?:\\s*(?:-|–|and|to|,)\\s*(\\d+))?)?";
  private static final Pattern QUALIFIED =
      Pattern.compile("((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\\.md)\\s+" + SECTION + RULES);
  private static final Pattern BARE_RULE =
      Pattern.compile("(?<!\\.md )" + SECTION + ",?\\s+rules?\\s+(\\d+)(?:\\s*(?:-|–|and|to|,)\\s*(\\d+))?");
  /** Documents outside the repository that a citation must never lean on. */
  private static final Pattern OUTSIDE =
      Pattern.compile("\\b(?:DESIGN|STYLE)\\.md\\b|/(?:work)/|\\bshared/(?:research|seed)\\b|\\.\\./shared/");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
  private static final Pattern HEADING_SECTION = Pattern.compile("§(\\d+(?:\\.\\d+)*)");
  private static final Pattern HEADING_RULE = Pattern.compile("\\bRule (\\d+)\\b");

  private Citations() {}

  /** One citation that does not resolve, where it is and why. */
  public record Problem(String file, int line, String citation, String why) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + citation + " — " + why;
    }
  }

  /** The sections and rules a Markdown document declares in its headings. */
  public record Anchors(Set<String> sections, Map<String, Set<Integer>> rules) {
    public boolean hasSection(String section) {
      return sections.contains(section);
    }

    public boolean hasRule(String section, int rule) {
      return rules.getOrDefault(section, Set.of()).contains(rule);
    }

    /**
     * Headings that carry {@code §N} or {@code §N.M} declare those sections; a heading with
     * {@code Rule M} declares rule M of every section it sits under (so "§6.2 Rule 2" under
     * "§6" declares §6 rule 2).
     */
    public static Anchors of(String markdown) {
      Set<String> sections = new TreeSet<>();
      Map<String, Set<Integer>> rules = new HashMap<>();
      List<String> open = new ArrayList<>();
      boolean fenced = false;
      for (String line : markdown.split("\n", -1)) {
        if (line.startsWith("```")) {
          fenced = !fenced;
          continue;
        }
        Matcher h = HEADING.matcher(line);
        if (fenced || !h.matches()) {
          continue;
        }
        Matcher s = HEADING_SECTION.matcher(h.group(1));
        if (s.find()) {
          String section = s.group(1);
          sections.add(section);
          open = new ArrayList<>();
          String[] parts = section.split("\\.");
          for (int i = 1; i <= parts.length; i++) {
            open.add(String.join(".", List.of(parts).subList(0, i)));
          }
        }
        Matcher r = HEADING_RULE.matcher(h.group(1));
        if (r.find()) {
          int rule = Integer.parseInt(r.group(1));
          open.forEach(sec -> rules.computeIfAbsent(sec, k -> new TreeSet<>()).add(rule));
        }
      }
      return new Anchors(sections, rules);
    }
  }

  /** Every problem in the repository under {@code root}. */
  public static List<Problem> check(Path root) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Optional<Anchors>> documents = new HashMap<>();
    for (Path file : files(root)) {
      String relative = root.relativize(file).toString().replace('\\', '/');
      problems.addAll(check(relative, read(file), cited -> documents.computeIfAbsent(cited, c -> anchorsOf(root, c))));
    }
    return problems;
  }

  /**
   * The problems in one file's text; {@code documents} gives the anchors of a repository file
   * by its path, empty when there is no such file.
   */
  public static List<Problem> check(
      String file, String text, java.util.function.Function<String, Optional<Anchors>> documents) {
    List<Problem> problems = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      Matcher outside = OUTSIDE.matcher(line);
      while (outside.find()) {
        problems.add(new Problem(file, number, outside.group(), "cites a document outside the repository"));
      }
      Matcher q = QUALIFIED.matcher(line);
      while (q.find()) {
        String cited = resolve(file, q.group(1));
        resolveIn(file, number, q.group(), cited, q.group(2), q.group(3), q.group(4), documents, problems);
      }
      Matcher b = BARE_RULE.matcher(line);
      while (b.find()) {
        if (qualifiedAt(line, b.start())) {
          continue;
        }
        String section = b.group(1);
        String cited = file.endsWith(".md") && documents.apply(file).map(a -> a.rules().containsKey(section)).orElse(false)
            ? file
            : SPECIFICATION;
        resolveIn(file, number, b.group(), cited, b.group(1), b.group(2), b.group(3), documents, problems);
      }
    }
    return problems;
  }

  private static boolean qualifiedAt(String line, int start) {
    Matcher q = QUALIFIED.matcher(line);
    while (q.find()) {
      if (q.start(2) - 1 == start) {
        return true;
      }
    }
    return false;
  }

  private static void resolveIn(String file, int line, String citation, String cited, String section, String firstRule,
      String lastRule, java.util.function.Function<String, Optional<Anchors>> documents, List<Problem> problems) {
    Optional<Anchors> anchors = documents.apply(cited);
    if (anchors.isEmpty()) {
      problems.add(new Problem(file, line, citation, cited + " is not a file in the repository"));
      return;
    }
    if (!anchors.get().hasSection(section)) {
      problems.add(new Problem(file, line, citation, cited + " has no heading §" + section));
      return;
    }
    if (firstRule != null) {
      int from = Integer.parseInt(firstRule);
      int to = lastRule == null ? from : Integer.parseInt(lastRule);
      for (int rule = from; rule <= to; rule++) {
        if (!anchors.get().hasRule(section, rule)) {
          problems.add(new Problem(file, line, citation, cited + " §" + section + " has no Rule " + rule));
        }
      }
    }
  }

  /**
   * The repository path a citation names: {@code docs/X.md} as written, a bare
   * {@code SPECIFICATION.md} as the one under docs/, other names relative to the citing file.
   */
  static String resolve(String citingFile, String cited) {
    if (cited.contains("/")) {
      return Path.of(cited).normalize().toString().replace('\\', '/');
    }
    if (cited.equals("SPECIFICATION.md")) {
      return SPECIFICATION;
    }
    Path parent = Path.of(citingFile).getParent();
    return (parent == null ? Path.of(cited) : parent.resolve(cited)).normalize().toString().replace('\\', '/');
  }

  private static Optional<Anchors> anchorsOf(Path root, String relative) {
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(Anchors.of(read(file)));
  }

  /** The scanned files under {@code root}, leaving out build output and hidden directories. */
  static List<Path> files(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(Files::isRegularFile)
          .filter(p -> {
            Path rel = root.relativize(p);
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
              String dir = rel.getName(i).toString();
              if (dir.startsWith(".") || dir.equals("target") || dir.equals("node_modules")) {
                return false;
              }
            }
            String name = p.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 && SCANNED.contains(name.substring(dot + 1));
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
