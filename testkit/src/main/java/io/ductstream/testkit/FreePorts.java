package io.ductstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers a test starts itself at a fixed address (a child process, a dev store). */
public final class FreePorts {
  /** Where to look when the kernel's ephemeral range cannot be read (Linux's default is above). */
  private static final int LOW = 20_000;

  private FreePorts() {}

  /**
   * A TCP port that was free a moment ago, below the kernel's ephemeral range: a port the OS picks
   * itself (bind to 0) can be handed out again as the local port of any outgoing connection before
   * the server binds it, which made a child process fail to bind its API port now and then.
   */
  public static int next() {
    int high = ephemeralLow() - 1;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 100 && high > LOW; attempt++) {
      int port = random.nextInt(LOW, high);
      if (free(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port: " + e.getMessage(), e);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range (Linux), else 32768. */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
