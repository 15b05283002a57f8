package io.ductstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for servers a test starts itself at a fixed address (a child process, a dev store). */
public final class FreePorts {
  private FreePorts() {}

  /**
   * A TCP port that was free a moment ago; the OS picks it, so tests running side by side differ.
   */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port: " + e.getMessage(), e);
    }
  }
}
