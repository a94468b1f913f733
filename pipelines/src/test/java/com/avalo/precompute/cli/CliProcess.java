package com.avalo.precompute.cli;

import com.avalo.precompute.io.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI in a JVM of its own, as a launch really is: so that two launches race for real, and one
 * can be stopped with SIGTERM or killed with {@code kill -9} ({@link #kill}). Its output goes to
 * files in {@code dir}.
 */
final class CliProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code precompute ARGS}, its output in {@code dir/NAME.out} and {@code .err}. */
  static CliProcess start(Path dir, String name, List<String> args) throws IOException {
    return start(dir, name, List.of(), args);
  }

  /** {@link #start(Path, String, List)} with {@code javaOptions} ({@code -Dname=value}) for its JVM. */
  static CliProcess start(Path dir, String name, List<String> javaOptions, List<String> args)
      throws IOException {
    List<String> options = new ArrayList<>(List.of("-Xmx1g"));
    options.addAll(javaOptions);
    List<String> command = ChildJvm.command(options, PrecomputeCli.class, args);
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .directory(new File(".")).start();
    return new CliProcess(process, out, err);
  }

  /** Waits for it to end, at most {@code minutes}; fails the test if it does not. */
  int waitFor(int minutes) throws InterruptedException, IOException {
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the process did not end within " + minutes + " minutes; its output:\n"
          + out() + err());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as a service manager stops it; to a frozen process it arrives on {@link #resume}. */
  void terminate() {
    process.destroy();
  }

  /** Freezes it at once ({@code kill -STOP}), so what it has written can be counted before it dies. */
  void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a frozen process go on ({@code kill -CONT}); a signal sent meanwhile arrives now. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** {@code kill -9}: no shutdown hook, no last write. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  private void signal(String which) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", which, String.valueOf(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + which + " " + process.pid() + " failed");
    }
  }

  String out() throws IOException {
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(err, StandardCharsets.UTF_8);
  }
}
