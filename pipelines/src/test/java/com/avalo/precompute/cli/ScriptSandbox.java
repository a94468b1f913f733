package com.avalo.precompute.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A copy of some of the repository's scripts in a directory of their own, beside stubs (Maven,
 * java, other scripts) that only record that they were called, in {@code calls.log}: what a script
 * does can be checked without building or running anything.
 */
final class ScriptSandbox {
  /** How a script ended and what it printed. */
  record Run(int exit, String out, String err) {}

  private final Path root;
  private final Path calls;

  ScriptSandbox(Path root) {
    this.root = root;
    this.calls = root.resolve("calls.log");
  }

  Path root() {
    return root;
  }

  Path callsFile() {
    return calls;
  }

  /** Copies the repository's {@code scripts/NAME} (NAME may be under a folder) into the sandbox. */
  void copyScript(String name) throws IOException {
    Path copy = root.resolve("scripts").resolve(name);
    Files.createDirectories(copy.getParent());
    Files.copy(Path.of("../scripts", name), copy);
  }

  /** An executable bash script at {@code path} (under the sandbox) running {@code body}. */
  void executable(String path, String body) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/usr/bin/env bash\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** An executable at {@code path} (under the sandbox) that records its name and arguments. */
  void stub(String path) throws IOException {
    Path stub = root.resolve(path);
    Files.createDirectories(stub.getParent());
    Files.writeString(stub, "#!/usr/bin/env bash\necho \"" + path + " $*\" >> '" + calls + "'\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Runs {@code scripts/SCRIPT} in the sandbox, its {@code bin} first on the PATH (the rest for
   * bash's own tools), without the environment variables {@code unset}.
   */
  Run run(Path out, Path err, List<String> unset, String script, String... args) throws Exception {
    return run(out, err, unset, Map.of(), script, args);
  }

  /** As {@link #run(Path, Path, List, String, String...)}, with the variables {@code set} set. */
  Run run(Path out, Path err, List<String> unset, Map<String, String> set, String script,
      String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).directory(root.toFile());
    builder.environment().put("PATH", root.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
    unset.forEach(builder.environment()::remove);
    builder.environment().putAll(set);
    Process process = builder.start();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not end within a minute");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** What the stubs recorded, empty when none was called. */
  String calls() throws IOException {
    return Files.exists(calls) ? Files.readString(calls, StandardCharsets.UTF_8) : "";
  }
}
