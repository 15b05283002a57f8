package io.ductstream.controlplane.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Implementation-Version of the control-plane jar. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "${COMMAND-FULL-NAME} " + (version == null ? "(development build)" : version)
    };
  }
}
