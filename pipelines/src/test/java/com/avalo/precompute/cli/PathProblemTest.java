package com.avalo.precompute.cli;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.Test;

/** Which failures the CLI reports as one line about a path, and which keep their stack trace. */
public class PathProblemTest {

  @Test
  public void aWrapperThatSaysWhatWasBeingDoneIsTheLine() {
    IOException missing = new IOException("Cannot run program \"/nonexistent/gcloud\": error=2");
    Throwable failure = new ExecutionException(new UncheckedIOException(
        "cannot run /nonexistent/gcloud (is the Google Cloud CLI installed and on PATH?): " + missing.getMessage(),
        missing));
    assertEquals(Optional.of("cannot run /nonexistent/gcloud (is the Google Cloud CLI installed and on"
        + " PATH?): Cannot run program \"/nonexistent/gcloud\": error=2"), PathProblem.of(failure));
  }

  @Test
  public void aPathTheFileSystemRefusedIsNamedWithWhy() {
    assertEquals(Optional.of("/proc/x: no such file or directory"),
        PathProblem.of(new UncheckedIOException(new NoSuchFileException("/proc/x"))));
    assertEquals(Optional.of("/out/seed: permission denied"),
        PathProblem.of(new AccessDeniedException("/out/seed")));
  }

  @Test
  public void anInternalFaultKeepsItsStackTrace() {
    // Serializing our own JSON wrongly is a bug in this program, though Jackson's errors are IOExceptions.
    assertEquals(Optional.empty(), PathProblem.of(new UncheckedIOException(new JsonParseException(null, "bad"))));
    assertEquals(Optional.empty(), PathProblem.of(new UncheckedIOException(new IOException("Stream closed"))));
    assertEquals(Optional.empty(), PathProblem.of(new IllegalStateException(new NullPointerException())));
  }
}
