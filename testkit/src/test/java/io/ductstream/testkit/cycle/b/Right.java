package io.ductstream.testkit.cycle.b;

import io.ductstream.testkit.cycle.a.Left;

/** The other half of the package cycle of {@code PackageCyclesTest}. */
public final class Right {
  Left left;
}
