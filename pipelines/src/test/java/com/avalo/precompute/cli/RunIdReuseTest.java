package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A run id names a run's manifests and dead letters: a second run under it is refused. */
public class RunIdReuseTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aSecondRunUnderOneRunIdIsRefusedAndLeavesTheFirstsDeadLettersAlone() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    // The fixture and one malformed line, so that the first run has dead letters to lose.
    Path input = dir.newFolder("input").toPath();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, input.resolve(file.getFileName()));
      }
    }
    Files.writeString(input.resolve("users.ndjson"), "{\"id\": \"broken\n",
        java.nio.file.StandardOpenOption.APPEND);
    String[] args = {"run", "counts", "--input=" + input,
        "--store=sqlite:" + db, "--as-of=2026-11-20", "--run-id=nightly-1", "--runner=DirectRunner"};
    CliRuns.Result first = CliRuns.run(args);
    assertEquals(first.err(), 0, first.exitCode());
    Path deadLetters = db.resolveSibling("dead-letters").resolve("nightly-1");
    Map<Path, String> before = contents(deadLetters);
    assertTrue(before.toString(), before.values().stream().anyMatch(text -> text.contains("broken")));

    CliRuns.Result again = CliRuns.run(args);
    assertEquals(again.err(), 2, again.exitCode());
    assertThat(again.err(), containsString("error: run id 'nightly-1' was used by an earlier run"));
    assertThat(again.err(), containsString("cache.db.state/state/counts.json, finished or not"));
    assertThat(again.err(), containsString("give another --run-id, or leave it out"));
    assertEquals("the first run's dead-letter files, untouched", before, contents(deadLetters));

    Files.delete(db);
    CliRuns.Result escaping = CliRuns.run("run", "counts", "--input=src/test/resources/fixtures/small",
        "--store=sqlite:" + db, "--run-id=../../etc");
    assertEquals(escaping.err(), 2, escaping.exitCode());
    assertThat(escaping.err(), containsString("error: --run-id '../../etc' must be 1-128 letters"));
  }

  private static Map<Path, String> contents(Path dir) throws Exception {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> listed = Files.list(dir)) {
      for (Path file : listed.toList()) {
        files.put(file.getFileName(), Files.readString(file));
      }
    }
    return files;
  }
}
