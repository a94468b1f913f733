package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An export concatenated with itself (two exports of the same day, appended) gives the documents
 * of the export read once, and a dead letter for every second record, in every collection: no
 * like, message or event is counted twice.
 */
public class DuplicatedExportTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/small");
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @Test
  public void everyRecordTwiceGivesTheSameDocumentsAndADeadLetterPerCopy() throws IOException {
    Path doubled = temp.newFolder("doubled").toPath();
    long records = 0;
    try (Stream<Path> files = Files.list(FIXTURE)) {
      for (Path file : files.toList()) {
        List<String> lines = Files.readAllLines(file);
        records += lines.size();
        List<String> twice = new ArrayList<>(lines);
        twice.addAll(lines);
        Files.write(doubled.resolve(file.getFileName()), twice);
      }
    }
    assertTrue("the fixture has likes, messages and events to double", records > 15);

    Path once = temp.getRoot().toPath().resolve("once.db");
    RunSummary clean = run(FIXTURE, once, "once");
    Path twice = temp.getRoot().toPath().resolve("twice.db");
    RunSummary duplicated = run(doubled, twice, "twice");

    assertEquals(0, clean.totalDeadLettered());
    assertEquals(contentHashes(once), contentHashes(twice));
    // A record read by several jobs is checked by each, as the README says of every dead letter.
    assertTrue(duplicated.describe(), duplicated.totalDeadLettered() >= records);
    assertEquals(duplicated.describe(), 2 * clean.totalRead(), duplicated.totalRead());
  }

  private static RunSummary run(Path input, Path db, String runId) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(Jobs.all(), "--input=" + input);
    return PrecomputeRunner.run(Jobs.all(), options,
        RunSettings.writingTo(StoreSpec.sqlite(db)).withAsOf(AS_OF).withRunId(runId));
  }

  private static Map<String, String> contentHashes(Path db) {
    Map<String, String> hashes = new TreeMap<>();
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      List<String> keys = store.keysWithPrefix("", 100_000);
      store.getAll(keys).forEach((key, document) -> hashes.put(key, contentHash(document)));
    }
    assertTrue("the run wrote documents", hashes.size() > 10);
    return hashes;
  }

  private static String contentHash(CacheDocument document) {
    return document.contentHash();
  }
}
