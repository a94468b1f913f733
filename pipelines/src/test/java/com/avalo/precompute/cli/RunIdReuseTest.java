package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A run id names a run's manifests and dead letters: a second run under it is refused. */
public class RunIdReuseTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void aSecondRunUnderOneRunIdIsRefusedAndLeavesTheFirstsDeadLettersAlone() throws Exception {
    Path db = dir.getRoot().toPath().resolve("cache.db");
    String[] args = {"run", "counts", "--input=src/test/resources/fixtures/small",
        "--store=sqlite:" + db, "--as-of=2026-11-20", "--run-id=nightly-1", "--runner=DirectRunner"};
    CliRuns.Result first = CliRuns.run(args);
    assertEquals(first.err(), 0, first.exitCode());
    Path deadLetters = db.resolveSibling("dead-letters").resolve("nightly-1");
    long files = Files.list(deadLetters).count();

    CliRuns.Result again = CliRuns.run(args);
    assertEquals(again.err(), 2, again.exitCode());
    assertThat(again.err(), containsString("error: run id 'nightly-1' was used by an earlier run"));
    assertThat(again.err(), containsString("give another --run-id, or leave it out"));
    assertEquals(files, Files.list(deadLetters).count());

    Files.delete(db);
    CliRuns.Result escaping = CliRuns.run("run", "counts", "--input=src/test/resources/fixtures/small",
        "--store=sqlite:" + db, "--run-id=../../etc");
    assertEquals(escaping.err(), 2, escaping.exitCode());
    assertThat(escaping.err(), containsString("error: --run-id '../../etc' must be 1-128 letters"));
  }
}
