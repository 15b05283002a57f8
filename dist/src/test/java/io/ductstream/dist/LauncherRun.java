package io.ductstream.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A bin/ launcher run to its end from the repository root, as a user runs it, and its answer. */
record LauncherRun(int exit, String stdout, String stderr) {
  static final Path REPO =
      Path.of(System.getProperty("ductstream.repo.root")).toAbsolutePath().normalize();

  static LauncherRun of(List<String> command, Map<String, String> env) throws Exception {
    return of(command, env, 60);
  }

  static LauncherRun of(List<String> command, Map<String, String> env, int timeoutSeconds)
      throws Exception {
    Path stdout = Files.createTempFile("launcher", ".out");
    Path stderr = Files.createTempFile("launcher", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(REPO.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
    }
    return new LauncherRun(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  /** A new directory with copies of these files of bin/: a distribution that was never built. */
  static Path unbuiltHome(List<String> binFiles) throws IOException {
    Path home = Files.createTempDirectory("unbuilt");
    Files.createDirectories(home.resolve("bin/lib"));
    for (String file : binFiles) {
      Files.copy(
          REPO.resolve("bin").resolve(file),
          home.resolve("bin").resolve(file),
          StandardCopyOption.COPY_ATTRIBUTES);
    }
    return home;
  }
}
