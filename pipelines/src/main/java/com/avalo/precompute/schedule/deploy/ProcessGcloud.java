package com.avalo.precompute.schedule.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The gcloud CLI as a child process, its output captured (stdin closed: nothing may prompt). */
public final class ProcessGcloud implements Gcloud {
  private final String executable;
  private final Path directory;

  /**
   * gcloud found as {@code executable} (a path from this JVM's directory, or a name looked up on
   * PATH), run in {@code directory}: the plan's relative paths ({@code builds submit pipelines},
   * {@code --metadata-file}) start from the repository root, not from wherever the CLI was started.
   */
  public ProcessGcloud(String executable, Path directory) {
    // The child resolves a relative executable against its own directory, so fix it here.
    this.executable = executable.contains("/") ? Path.of(executable).toAbsolutePath().toString() : executable;
    this.directory = directory;
  }

  @Override
  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      // Both streams are read at once, so a chatty command cannot fill one pipe and stall.
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String stdout = read(process.getInputStream());
      return new Result(process.waitFor(), stdout, stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + executable + " (is the Google Cloud CLI installed"
          + " and on PATH?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + executable + " ran", e);
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
