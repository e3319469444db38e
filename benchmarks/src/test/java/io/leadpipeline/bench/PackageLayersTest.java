package io.leadpipeline.bench;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The harness's packages form layers: the command ({@code bench}, {@code BenchMain}) on top, the
 * phases below it, the stack and the load generator at the bottom. A phase that reaches back up
 * (as {@code tps.TpsBulkLoad} once did for {@code BenchMain.progress}) is a cycle and fails here.
 */
class PackageLayersTest {
  private static final String ROOT = "io.leadpipeline.bench";

  /** Each class's top package under the root; the root's own classes are one slice of their own. */
  static final SliceAssignment TOP_PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String pkg = c.getPackageName();
      if (pkg.equals(ROOT)) {
        return SliceIdentifier.of("bench");
      }
      if (!pkg.startsWith(ROOT + ".")) {
        return SliceIdentifier.ignore();
      }
      String rest = pkg.substring(ROOT.length() + 1);
      int dot = rest.indexOf('.');
      return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    @Override
    public String getDescription() {
      return "the packages of " + ROOT;
    }
  };

  static JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void noPackageOfTheHarnessImportsOneThatImportsIt() {
    slices().assignedFrom(TOP_PACKAGES).should().beFreeOfCycles().check(mainClasses());
  }
}
