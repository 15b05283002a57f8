package io.ductstream.controlplane;

import io.ductstream.testkit.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void packagesDependOnEachOtherOneWayOnly() {
    PackageCycles.assertNone("io.ductstream.controlplane");
  }
}
