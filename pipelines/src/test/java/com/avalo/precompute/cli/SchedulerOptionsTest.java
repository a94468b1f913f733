package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What {@code precompute scheduler} does with the flags {@code run} has: a dead-letter directory
 * is taken, and what every window would refuse is refused once, before any window.
 */
public class SchedulerOptionsTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void theDeadLettersOfEachWindowGoWhereTold() throws Exception {
    Path root = dir.getRoot().toPath();
    Path schedules = ScheduledLaunchesContract.schedules(root, "hourly", "0 * * * *", "PT10M");
    // The fixture and one malformed user, so that the window has a dead letter to write.
    Path input = dir.newFolder("input").toPath();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    Files.writeString(input.resolve("users.ndjson"), "{\"id\": \"broken\n", StandardOpenOption.APPEND);
    Path letters = root.resolve("letters");

    CliRuns.Result once = CliRuns.run("scheduler", "--once", "--schedules", schedules.toString(),
        "--input=" + input, "--store=sqlite:" + root.resolve("cache.db"), "--runner=DirectRunner",
        "--dead-letter-dir=" + letters);
    assertEquals(once.out() + once.err(), 0, once.exitCode());
    try (Stream<Path> files = Files.walk(letters)) {
      assertTrue(files.filter(Files::isRegularFile).anyMatch(file -> read(file).contains("broken")));
    }
  }

  @Test
  public void whatEveryWindowWouldRefuseIsRefusedOnceBeforeAnyWindow() throws Exception {
    Path root = dir.getRoot().toPath();
    Path schedules = ScheduledLaunchesContract.schedules(root, "hourly", "0 * * * *", "PT10M");
    String store = "--store=sqlite:" + root.resolve("cache.db");
    String[][] refused = {
        {"--deadLetterDir=letters", "use --dead-letter-dir instead of --deadLetterDir"},
        {"--as-of=2026-11-20", "the scheduler takes no --as-of: each window runs as of its end"},
        {"--runId=r1", "the scheduler takes no --runId"}};
    for (String[] option : refused) {
      CliRuns.Result once = CliRuns.run("scheduler", "--once", "--schedules", schedules.toString(),
          "--input=src/test/resources/fixtures/small", store, "--runner=DirectRunner", option[0]);
      assertEquals(once.out() + once.err(), 2, once.exitCode());
      assertThat(once.err(), containsString("error: " + option[1]));
      assertEquals(once.err(), 1, once.err().lines().count());
      assertThat(once.out(), not(containsString("window")));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
