package com.avalo.precompute.schedule.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The gcloud CLI as a child process, its output captured (stdin closed: nothing may prompt). */
public final class ProcessGcloud implements Gcloud {
  private final String executable;

  /** gcloud found as {@code executable} (a path, or a name looked up on PATH). */
  public ProcessGcloud(String executable) {
    this.executable = executable;
  }

  @Override
  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
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
