package io.leadpipeline.ops.citations;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.citations.Citations.Anchors;
import io.leadpipeline.ops.citations.Citations.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every citation in the repository names a section that exists (docs/SPECIFICATION.md §7 is
 * cited that way). The citations in this file's own examples are put together from pieces, so the
 * scan of the repository does not read them as citations.
 */
class CitationsTest {
  private static final String SPEC = "docs/SPECIFICATION" + ".md";

  /** A specification with §6, its rules 1 and 2, and §7. */
  private static final Anchors SMALL_SPEC = Anchors.of(String.join("\n",
      "# Specification",
      "## §6 The router's rules",
      "### §6.1 Rule 1 — invalid input",
      "### §6.2 Rule 2 — calling",
      "```",
      "## §9 a heading inside a code block declares nothing",
      "```",
      "## §7 Guarantees"));

  private static final Function<String, Optional<Anchors>> DOCS =
      path -> Optional.ofNullable(Map.of(SPEC, SMALL_SPEC).get(path));

  private static List<Problem> check(String text) {
    return Citations.check("lead-router/src/main/java/Foo.java", text, DOCS);
  }

  @Test
  void theRepositoryHasNoDanglingCitation() {
    assertThat(Citations.check(Repository.root())).isEmpty();
  }

  @Test
  void theSpecificationDeclaresEverySectionAndRule() {
    Anchors spec = Anchors.of(read(Citations.SPECIFICATION));
    for (int section = 1; section <= 11; section++) {
      assertThat(spec.hasSection(Integer.toString(section))).as("§" + section).isTrue();
    }
    for (int rule = 1; rule <= 7; rule++) {
      assertThat(spec.hasRule("6", rule)).as("§6 rule " + rule).isTrue();
    }
  }

  @Test
  void existingSectionsSubsectionsAndRulesResolve() {
    assertThat(check("see " + SPEC + " §6 rule 2, " + SPEC + " §6.1 and " + SPEC + " §7")).isEmpty();
    assertThat(check("the allocation (" + SPEC + " §6 rules 1 and 2)")).isEmpty();
    assertThat(check("a bare §6 rule" + " 1 means the specification's")).isEmpty();
  }

  @Test
  void aSectionThatDoesNotExistIsCaught() {
    assertThat(check("as " + SPEC + " §" + "42 says"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.line()).isEqualTo(1);
          assertThat(p.why()).contains("no heading §42");
        });
  }

  @Test
  void aSectionDeclaredOnlyInsideACodeBlockIsCaught() {
    assertThat(check(SPEC + " §" + "9")).hasSize(1);
  }

  @Test
  void aRuleThatDoesNotExistIsCaughtAlsoInsideARange() {
    assertThat(check(SPEC + " §6 rule " + "3")).extracting(Problem::why).containsExactly(SPEC + " §6 has no Rule 3");
    assertThat(check(SPEC + " §6 rules 1-" + "3")).extracting(Problem::why).containsExactly(SPEC + " §6 has no Rule 3");
    assertThat(check("line one\n§6 rule " + "5 of the router")).extracting(Problem::line).containsExactly(2);
  }

  @Test
  void aRuleCitedUnderTheWrongSectionIsCaught() {
    assertThat(check(SPEC + " §7 rule " + "1")).hasSize(1);
  }

  @Test
  void aCitationOfAFileThatIsNotInTheRepositoryIsCaught() {
    assertThat(check("docs/nowhere" + ".md §1")).extracting(Problem::why)
        .containsExactly("docs/nowhere.md is not a file in the repository");
  }

  @Test
  void aCitationOfABriefOutsideTheRepositoryIsCaught() {
    assertThat(check("as DESIGN" + ".md §6 rule 2 says")).extracting(Problem::why)
        .contains("cites a document outside the repository");
    assertThat(check("see /" + "work/shared/notes.txt")).hasSize(1);
    assertThat(check("see ../" + "shared/" + "research/x.md")).isNotEmpty();
  }

  @Test
  void aBareRuleInAMarkdownFileResolvesInThatFileWhenItHasRulesThereElseInTheSpecification() {
    Anchors own = Anchors.of("## §2 Own\n### Rule 1 first\n## §6 Own too, without rules\n");
    Function<String, Optional<Anchors>> docs = path -> path.equals("docs/own.md") ? Optional.of(own) : DOCS.apply(path);
    assertThat(Citations.check("docs/own.md", "§2 rule " + "1", docs)).isEmpty();
    assertThat(Citations.check("docs/own.md", "§2 rule " + "2", docs)).extracting(Problem::why)
        .containsExactly("docs/own.md" + " §2 has no Rule 2");
    assertThat(Citations.check("docs/own.md", "§6 rule " + "2", docs)).isEmpty();
    assertThat(Citations.check("docs/own.md", "§6 rule " + "3", docs)).extracting(Problem::why)
        .containsExactly(SPEC + " §6 has no Rule 3");
  }

  @Test
  void aRelativeCitationResolvesBesideTheCitingFile() {
    assertThat(Citations.resolve("docs/ordering.md", "cluster.md")).isEqualTo("docs/cluster.md");
    assertThat(Citations.resolve("README.md", "SPECIFICATION.md")).isEqualTo(SPEC);
  }

  private static String read(String relative) {
    try {
      return java.nio.file.Files.readString(Repository.file(relative));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
