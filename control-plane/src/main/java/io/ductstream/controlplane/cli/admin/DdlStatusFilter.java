package io.ductstream.controlplane.cli.admin;

import java.util.Locale;

/** The {@code -status} of {@code ddl list}: one DDL event status, or all of them. */
public enum DdlStatusFilter {
  PENDING,
  APPROVED,
  REJECTED,
  APPLIED,
  ALL;

  /** The status as the API spells it; empty for {@link #ALL} (no filter). */
  public String apiStatus() {
    return this == ALL ? "" : name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
