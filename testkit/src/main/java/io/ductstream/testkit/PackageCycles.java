package io.ductstream.testkit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;

/**
 * The rule that a module's packages depend on each other one way only: every module's tests call
 * {@link #assertNone} on its root package, so a change that makes two packages need each other
 * fails the build and names the classes on the cycle.
 */
public final class PackageCycles {
  private PackageCycles() {}

  /**
   * Fails when the module's main classes ({@code target/classes}, the tests' working directory
   * being the module's) under {@code rootPackage} form a cycle between its sub-packages (each
   * sub-package with everything below it is one slice; classes in the root package itself are
   * outside every slice and may use any of them).
   */
  public static void assertNone(String rootPackage) {
    assertNone(rootPackage, Path.of("target", "classes"));
  }

  /** As {@link #assertNone(String)}, for the classes under {@code classes}. */
  public static void assertNone(String rootPackage, Path classes) {
    assertNone(rootPackage, classes(classes, rootPackage));
  }

  private static JavaClasses classes(Path folder, String rootPackage) {
    // Reading one folder, not the class path: scanning every jar for the package (or for the
    // classes the module's classes use) takes long, and only the module's own classes matter.
    ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    return new ClassFileImporter()
        .importPath(folder)
        .that(JavaClass.Predicates.resideInAPackage(rootPackage + ".."));
  }

  private static void assertNone(String rootPackage, JavaClasses classes) {
    if (classes.isEmpty()) {
      throw new AssertionError("no classes found under " + rootPackage + " in target/classes");
    }
    slices()
        .matching(rootPackage + ".(*)..")
        .namingSlices("package " + rootPackage + ".$1")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true) // a module of one package has no slices
        .check(classes);
  }
}
