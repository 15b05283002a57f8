package io.ductstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node scripts with npm packages that share no code with ours (DuckDB's Node package,
 * apache-arrow JS), for tests that read our files with independent readers. npm installs the
 * packages into {@code target/npm} of the module on first use; node and npm must be on the PATH, as
 * on CI.
 */
public final class NodeScripts {
  private static final Path NPM_DIR = Path.of("target", "npm").toAbsolutePath();

  private NodeScripts() {}

  /**
   * Runs the classpath resource {@code /node/<script>} of {@code owner}'s module with {@code args}
   * and returns what it printed, once the npm {@code packages} are installed.
   */
  public static synchronized String run(
      Class<?> owner, List<String> packages, String script, String... args) throws Exception {
    install(packages);
    // one copy per JVM: test JVMs of one module may run side by side (failsafe forkCount)
    Path target = NPM_DIR.resolve(ProcessHandle.current().pid() + "-" + script);
    try (InputStream in = owner.getResourceAsStream("/node/" + script)) {
      if (in == null) {
        throw new IOException("no test resource /node/" + script);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> command = new ArrayList<>(List.of("node", target.toString()));
    command.addAll(List.of(args));
    return exec(command, 120);
  }

  private static void install(List<String> packages) throws Exception {
    Files.createDirectories(NPM_DIR);
    // test JVMs running side by side install one at a time; the next finds the packages there
    try (java.nio.channels.FileChannel lock =
            java.nio.channels.FileChannel.open(
                NPM_DIR.resolve(".install.lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock held = lock.lock()) {
      if (packages.stream()
          .allMatch(p -> Files.isDirectory(NPM_DIR.resolve("node_modules/" + p)))) {
        return;
      }
      System.out.println("installing " + packages + " with npm into " + NPM_DIR);
      List<String> command =
          new ArrayList<>(
              List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", NPM_DIR.toString()));
      command.addAll(packages);
      exec(command, 300);
    }
  }

  private static String exec(List<String> command, int timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("node", ".out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command + " did not finish in " + timeoutSeconds + " s");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    if (process.exitValue() != 0) {
      throw new IOException(
          command
              + " exited "
              + process.exitValue()
              + ":\n"
              + out.substring(0, Math.min(4000, out.length())));
    }
    return out;
  }
}
