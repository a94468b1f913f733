package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code precompute seed} into a pipe, as a script or a CI log sees it. */
public class SeedCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void progressIntoAPipeIsPlainLinesEndingAtTheWholePhase() {
    // Surefire gives the test JVM a pipe for standard error, so the bars take their plain form.
    Path out = dir.getRoot().toPath().resolve("seed");
    CliRuns.Result result = CliRuns.run("seed", "--users", "300", "--seed", "7", "--out", out.toString());
    assertEquals(result.err(), 0, result.exitCode());
    assertTrue(Files.exists(out.resolve("users.ndjson")));
    assertFalse("no carriage returns repainting one endless line", result.err().contains("\r"));
    assertThat(result.err(), containsString("100%"));
    assertTrue(result.err(), result.err().lines()
        .anyMatch(line -> line.startsWith("users") && line.contains("100%")));
    // A phase is the bar's name, padded to a column: everything before the percentage.
    Map<String, Long> endsByPhase = result.err().lines()
        .filter(line -> line.contains("100%"))
        .collect(Collectors.groupingBy(line -> line.substring(0, line.indexOf("100%")).strip(),
            Collectors.counting()));
    assertFalse(result.err(), endsByPhase.isEmpty());
    endsByPhase.forEach((phase, ends) ->
        assertEquals("each phase says once that it ended: " + result.err(), Long.valueOf(1), ends));
  }
}
