package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.serving.store.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Local paths whose names hold glob characters work as any other: Beam's file matching reads
 * such a name as a pattern, so the run's own files are found by name or by listing.
 */
public class WildcardPathsTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<PrecomputeJob> PROFILES = List.of(new ProfilesJob());

  @Test
  public void anExportAndAStoreNamedLikePatternsRunAndRerunIncrementally() throws IOException {
    Path export = temp.newFolder("export[1]").toPath();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/small"))) {
      for (Path file : files.toList()) {
        Files.copy(file, export.resolve(file.getFileName()));
      }
    }
    Path db = temp.newFolder("runs{old}").toPath().resolve("cache.db");

    RunSummary first = run(export, db, "r1");
    assertTrue(first.describe(), first.documentsWritten() > 0);
    RunSummary second = run(export, db, "r2");
    assertEquals("the rerun finds the first run's manifest", 0, second.documentsWritten());

    // The state files are found to refuse a run id used before.
    IllegalArgumentException reused =
        assertThrows(IllegalArgumentException.class, () -> run(export, db, "r1"));
    assertTrue(reused.getMessage(), reused.getMessage().contains("run id 'r1' was used"));
  }

  private static RunSummary run(Path input, Path db, String runId) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(PROFILES, "--input=" + input,
        "--enforceImmutability=false", "--enforceEncodability=false");
    return PrecomputeRunner.run(PROFILES, options, RunSettings.writingTo(StoreSpec.sqlite(db))
        .withAsOf(Instant.parse("2026-11-20T00:00:00Z")).withRunId(runId));
  }
}
