package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code backfill} takes a run's id and dead-letter directory, as {@code run} does. */
public class BackfillCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aBackfillRunsUnderTheRunIdGivenAndWritesItsDeadLettersWhereTold() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    Path letters = dir.getRoot().toPath().resolve("letters");
    // The fixture and one malformed event, so that the backfill has a dead letter to write.
    Path input = dir.newFolder("input").toPath();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    Files.writeString(input.resolve("events.ndjson"), "{\"id\": \"broken\n", StandardOpenOption.APPEND);

    CliRuns.Result backfill = CliRuns.run("backfill", "analytics", "--from", "2026-11-18", "--to",
        "2026-11-20", "--input=" + input, "--store=sqlite:" + db, "--runner=DirectRunner",
        "--run-id=october-backfill", "--dead-letter-dir=" + letters);
    assertEquals(backfill.err(), 0, backfill.exitCode());
    assertThat(backfill.out(), containsString("run october-backfill of analytics"));
    assertTrue(Files.readString(db.resolveSibling("cache.db.state").resolve("state/analytics.json"))
        .contains("\"october-backfill\""));
    Path runLetters = letters.resolve("october-backfill");
    try (Stream<Path> files = Files.list(runLetters)) {
      assertTrue(files.anyMatch(file -> {
        try {
          return Files.readString(file).contains("broken");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
  }

  @Test
  public void aMistypedDayIsRefusedBeforeAnyRunStarts() {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    for (String[] days : new String[][] {{"2026-13-01", "2026-11-20"}, {"2026-11-20", "2026-11-02"}}) {
      CliRuns.Result backfill = CliRuns.run("backfill", "analytics", "--from", days[0], "--to",
          days[1], "--input=src/test/resources/fixtures/small", "--store=sqlite:" + db,
          "--runner=DirectRunner");
      assertEquals(backfill.err(), 2, backfill.exitCode());
      assertThat(backfill.err(), startsWith("error: --"));
      assertEquals(backfill.err(), 1, backfill.err().lines().count());
      assertFalse("no run started, so no store was made", Files.exists(db));
    }
  }

  @Test
  public void theBeamSpellingOfARunIdNamesTheFlagBackfillHas() {
    CliRuns.Result backfill = CliRuns.run("backfill", "analytics", "--from", "2026-11-18", "--to",
        "2026-11-20", "--runId=r1");
    assertEquals(backfill.err(), 2, backfill.exitCode());
    assertThat(backfill.err(), containsString("use --run-id instead of --runId"));
    // And that flag is backfill's: its help lists it.
    CliRuns.Result help = CliRuns.run("backfill", "--help");
    assertThat(help.out(), containsString("--run-id"));
    assertThat(help.out(), containsString("--dead-letter-dir"));
  }
}
