package io.ductstream.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void aCycleBetweenTwoPackagesFailsAndNamesThem() {
    assertThatThrownBy(
            () ->
                PackageCycles.assertNone(
                    "io.ductstream.testkit.cycle", Path.of("target", "test-classes")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("package io.ductstream.testkit.cycle.a")
        .hasMessageContaining("package io.ductstream.testkit.cycle.b");
  }

  @Test
  void testkitItselfHasNoCycle() {
    PackageCycles.assertNone("io.ductstream.testkit");
  }
}
