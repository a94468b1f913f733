package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.incremental.StoreContents;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A feed with a page too big to store keeps its stored pages together, one list version, rather
 * than pages of two lists that a reader would be refused at (ListChangedException) until the
 * stale one expired.
 */
public class OversizedFeedPageTest {
  private static final List<PrecomputeJob> FEEDS = List.of(new FeedsJob());
  private static final String HUGE_NAME = "x".repeat(1_100_000);

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aFeedWithAnOversizedPageKeepsItsWholeStoredListUntilItCanBeWritten()
      throws Exception {
    StoreSpec store = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    run(world("Bob", true), store, "first");
    Map<String, String> first = StoreContents.hashes(store);
    List<String> viewersPages = List.of("feed:w0:0", "feed:w0:1", "feed:w0:2");
    assertTrue(first.keySet().containsAll(viewersPages));

    // m2's name makes the page that shows him oversized; m5 leaves, so the new list would have
    // one page fewer, and its third page would be deleted were the list not withheld.
    RunSummary oversized = run(world(HUGE_NAME, false), store, "oversized");
    Map<String, String> afterOversized = StoreContents.hashes(store);
    assertEquals("one dead letter, the oversized page", Long.valueOf(1),
        oversized.deadLettered().get("cache"));
    for (String key : viewersPages) {
      assertEquals(key + " is the first run's", first.get(key), afterOversized.get(key));
    }
    assertFalse("the feed of the user who left is deleted", afterOversized.containsKey("feed:m5:0"));
    assertEquals(1, oversized.documentsDeleted());
    String reason = deadLetterReasons().stream().filter(line -> line.contains("feed:w0:"))
        .findFirst().orElseThrow();
    assertTrue(reason, reason.contains("The other pages of its list are withheld with it"));

    RunSummary mended = run(world("Bob", false), store, "mended");
    Map<String, String> afterMended = StoreContents.hashes(store);
    assertNotEquals(first.get("feed:w0:0"), afterMended.get("feed:w0:0"));
    assertTrue(afterMended.containsKey("feed:w0:1"));
    assertFalse("the shorter list's page slot is deleted now",
        afterMended.containsKey("feed:w0:2"));
    assertEquals(1, mended.documentsDeleted());
  }

  /** A woman, w0, who sees m1 to m4, and m5 when {@code withM5}; m2 is named {@code m2Name}. */
  private Path world(String m2Name, boolean withM5) throws IOException {
    List<User> users = new ArrayList<>();
    users.add(TestUsers.woman("w0").build());
    for (int i = 1; i <= (withM5 ? 5 : 4); i++) {
      users.add(TestUsers.man("m" + i).name(i == 2 ? m2Name : "Name m" + i).build());
    }
    Path dir = temp.newFolder().toPath();
    List<String> lines = new ArrayList<>();
    users.forEach(user -> lines.add(ExportFiles.user(user).toString()));
    Files.write(dir.resolve("users.ndjson"), lines);
    for (String empty : List.of("likes", "blocks", "matches")) {
      Files.write(dir.resolve(empty + ".ndjson"), List.of());
    }
    return dir;
  }

  private RunSummary run(Path input, StoreSpec store, String runId) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(FEEDS, new String[] {
        "--input=" + input, "--feedPageSize=2", "--feedMaxCandidates=10"});
    return PrecomputeRunner.run(FEEDS, options,
        RunSettings.writingTo(store).withAsOf(TestUsers.AS_OF).withRunId(runId));
  }

  /** The dead-letter lines of all runs, next to the store (payloads are cut at 10,000 characters). */
  private List<String> deadLetterReasons() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(temp.getRoot().toPath().resolve("dead-letters"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
