package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.incremental.StoreContents;
import com.avalo.precompute.serving.store.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every record twice, in each collection checked for duplicate ids (as two exports of the same
 * day appended would give), yields the documents of the export read once and a dead letter for
 * each second copy. Likes, messages and events are checked only with
 * {@code --dedupeAllCollections} (see {@code SourceReader}).
 */
public class DuplicatedExportTest {
  @ClassRule public static TemporaryFolder cleanRun = new TemporaryFolder();
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  /**
   * The fixture read once, the run both tests compare with. It alone keeps the DirectRunner's
   * immutability check, which whole runs leave off (PrecomputeRunner.parseOptions): every job's
   * transforms run here with it once, so that one mutating its input fails this test.
   */
  private static RunSummary clean;
  private static Map<String, String> cleanHashes;

  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/small");
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  private static final Set<String> CHECKED = Set.of("users.ndjson", "blocks.ndjson",
      "chats.ndjson", "matches.ndjson", "posts.ndjson", "purchases.ndjson", "spends.ndjson");

  @BeforeClass
  public static void runTheFixtureOnce() {
    Path once = cleanRun.getRoot().toPath().resolve("once.db");
    clean = run(FIXTURE, once, "once", "--enforceImmutability=true");
    cleanHashes = contentHashes(once);
  }

  @Test
  public void everyRecordTwiceGivesTheSameDocumentsAndADeadLetterPerCopy() throws IOException {
    for (String file : CHECKED) {
      assertTrue("the fixture has records in " + file, Files.size(FIXTURE.resolve(file)) > 0);
    }
    Doubled doubled = doubled(CHECKED::contains);

    Path twice = temp.getRoot().toPath().resolve("twice.db");
    RunSummary duplicated = run(doubled.dir(), twice, "twice");

    assertEquals(0, clean.totalDeadLettered());
    assertEquals(cleanHashes, contentHashes(twice));
    // One reader per pipeline: each copy is one dead letter, whichever jobs read its collection.
    // A block given twice changes no document, so this count is what shows its check.
    assertEquals(duplicated.describe(), doubled.copies(), duplicated.totalDeadLettered());
    assertEquals(duplicated.describe(), clean.totalRead() + doubled.copies(), duplicated.totalRead());
  }

  @Test
  public void withEveryCollectionDedupedLikesMessagesAndEventsTwiceAreCountedOnce()
      throws IOException {
    Doubled doubled = doubled(file -> true);

    Path twice = temp.getRoot().toPath().resolve("twice.db");
    RunSummary duplicated = run(doubled.dir(), twice, "twice", "--dedupeAllCollections");

    assertEquals(cleanHashes, contentHashes(twice));
    assertEquals(duplicated.describe(), doubled.copies(), duplicated.totalDeadLettered());
    assertEquals(duplicated.describe(), clean.totalRead() + doubled.copies(), duplicated.totalRead());
  }

  /** The fixture with every record of the files {@code twice} accepts given twice. */
  private Doubled doubled(Predicate<String> twice) throws IOException {
    Path doubled = temp.newFolder().toPath();
    long copies = 0;
    try (Stream<Path> files = Files.list(FIXTURE)) {
      for (Path file : files.toList()) {
        List<String> lines = Files.readAllLines(file);
        List<String> written = new ArrayList<>(lines);
        if (twice.test(file.getFileName().toString())) {
          written.addAll(lines);
          copies += lines.size();
        }
        Files.write(doubled.resolve(file.getFileName()), written);
      }
    }
    return new Doubled(doubled, copies);
  }

  private record Doubled(Path dir, long copies) {}

  private static RunSummary run(Path input, Path db, String runId, String... args) {
    List<String> all = new ArrayList<>(List.of("--input=" + input));
    all.addAll(List.of(args));
    PrecomputeOptions options =
        PrecomputeRunner.parseOptions(Jobs.all(), all.toArray(String[]::new));
    return PrecomputeRunner.run(Jobs.all(), options,
        RunSettings.writingTo(StoreSpec.sqlite(db)).withAsOf(AS_OF).withRunId(runId));
  }

  private static Map<String, String> contentHashes(Path db) {
    Map<String, String> hashes = StoreContents.hashes(StoreSpec.sqlite(db));
    assertTrue("the run wrote documents", hashes.size() > 10);
    return hashes;
  }
}
