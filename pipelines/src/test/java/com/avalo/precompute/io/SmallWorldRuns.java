package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.rules.TemporaryFolder;

/** Runs of jobs over the small fixture world, or a copy of it a test spoils, into a SQLite store. */
final class SmallWorldRuns {
  static final Path SMALL = Path.of("src/test/resources/fixtures/small");
  static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  private SmallWorldRuns() {}

  /** A copy of the small world's files in a new folder, {@code export}, for a test to change. */
  static Path copyOfTheSmallWorld(TemporaryFolder temp) throws IOException {
    Path export = temp.newFolder("export").toPath();
    try (Stream<Path> files = Files.list(SMALL)) {
      for (Path file : files.toList()) {
        Files.copy(file, export.resolve(file.getFileName()));
      }
    }
    return export;
  }

  /** Runs {@code jobs} over {@code input} into the store {@code db}, as of {@link #AS_OF}. */
  static RunSummary run(List<PrecomputeJob> jobs, Path input, Path db, String runId,
      String... more) {
    List<String> args = new ArrayList<>(List.of("--input=" + input,
        "--enforceImmutability=false", "--enforceEncodability=false"));
    args.addAll(List.of(more));
    PrecomputeOptions options = PrecomputeRunner.parseOptions(jobs, args.toArray(String[]::new));
    return PrecomputeRunner.run(jobs, options, RunSettings.writingTo(StoreSpec.sqlite(db))
        .withAsOf(AS_OF).withRunId(runId));
  }
}
