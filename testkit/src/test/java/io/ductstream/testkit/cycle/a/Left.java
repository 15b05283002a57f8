package io.ductstream.testkit.cycle.a;

import io.ductstream.testkit.cycle.b.Right;

/** Half of a package cycle that {@code PackageCyclesTest} expects the rule to find. */
public final class Left {
  Right right;
}
