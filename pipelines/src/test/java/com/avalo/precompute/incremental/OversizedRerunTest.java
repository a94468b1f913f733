package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.source.SourceLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A document that grows past the size limit is a dead letter, and an incremental rerun keeps the
 * copy already stored rather than deleting it as if its key had vanished.
 */
public class OversizedRerunTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");
  private static final String CARD = "user:u1";
  private static final List<PrecomputeJob> PROFILES = Jobs.named(List.of("profiles"));
  /** Another user, left when u1 is gone: an export without users is refused outright. */
  private static final String SOMEONE_ELSE = SourceLines.USER.replace("\"u1\"", "\"u2\"");

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void anOversizedRerunKeepsTheLastGoodCopyAndALaterGoodRunReplacesIt() throws Exception {
    StoreSpec store = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    run(withBio("short"), store, "first");
    Map<String, String> first = StoreContents.hashes(store);
    assertNotNull(first.get(CARD));

    RunSummary oversized = run(withBio("x".repeat(1_100_000)), store, "oversized");
    assertEquals("the card is a dead letter", Long.valueOf(1),
        oversized.deadLettered().get("cache"));
    assertEquals("nothing deleted", 0, oversized.documentsDeleted());
    assertEquals("the stored card stays as it was", first.get(CARD),
        StoreContents.hashes(store).get(CARD));

    run(withBio("longer, and under the limit"), store, "mended");
    assertNotEquals(first.get(CARD), StoreContents.hashes(store).get(CARD));
  }

  @Test
  public void aUserWhoIsGoneStillLosesTheirCard() throws Exception {
    StoreSpec store = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    run(withBio("short"), store, "first");
    RunSummary gone = run(users(List.of(SOMEONE_ELSE)), store, "gone");
    assertEquals(1, gone.documentsDeleted());
    assertFalse(StoreContents.hashes(store).containsKey(CARD));
  }

  /** The kept copy stays in the manifest, so a later run that no longer computes it deletes it. */
  @Test
  public void aKeptCopyIsStillDeletedWhenItsUserGoesLater() throws Exception {
    StoreSpec store = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    run(withBio("short"), store, "first");
    run(withBio("x".repeat(1_100_000)), store, "oversized");
    assertTrue(StoreContents.hashes(store).containsKey(CARD));
    RunSummary gone = run(users(List.of(SOMEONE_ELSE)), store, "gone");
    assertEquals(1, gone.documentsDeleted());
    assertFalse(StoreContents.hashes(store).containsKey(CARD));
  }

  private Path withBio(String bio) throws Exception {
    return users(List.of(SourceLines.USER.replace("\"bio\":\"\"", "\"bio\":\"" + bio + "\"")));
  }

  private Path users(List<String> lines) throws Exception {
    Path dir = temp.newFolder().toPath();
    Files.write(dir.resolve("users.ndjson"), lines);
    for (String empty : List.of("likes", "blocks", "matches", "chats", "messages", "posts",
        "purchases", "spends", "events")) {
      Files.write(dir.resolve(empty + ".ndjson"), List.of());
    }
    return dir;
  }

  private static RunSummary run(Path input, StoreSpec store, String runId) {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(PROFILES,
        new String[] {"--input=" + input});
    return PrecomputeRunner.run(PROFILES, options,
        RunSettings.writingTo(store).withAsOf(AS_OF).withRunId(runId));
  }
}
