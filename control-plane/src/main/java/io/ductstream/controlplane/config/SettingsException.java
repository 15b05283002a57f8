package io.ductstream.controlplane.config;

/** A missing or invalid environment setting; the message names the variable and how to fix it. */
public final class SettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}
