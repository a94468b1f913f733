package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.EmulatorFirestore;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedProgress;
import com.avalo.precompute.serving.CacheClient;
import com.avalo.precompute.serving.store.CacheStores;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Feeds written to the Firestore emulator and read back page by page through {@code serving}'s
 * {@link CacheClient}; when a later run yields fewer pages, no page of the earlier one is left.
 * Skipped when {@code FIRESTORE_EMULATOR_HOST} is unset.
 */
public class FeedsThroughServingIT {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<PrecomputeJob> FEEDS = List.of(new FeedsJob());

  @Rule public EmulatorFirestore emulator = new EmulatorFirestore("feeds-it");

  @Test
  public void pagesReadThroughServingAreWholeSortedOfOneListAndAShrunkFeedLosesItsOldPages() throws Exception {
    Path world = temp.newFolder("world").toPath();
    new SeedGenerator().generate(SeedConfig.defaults().withUsers(300), world, SeedProgress.none());
    emulator.load(world);
    List<String> uids = uids(world);

    run("long", 12, 3);
    int multiPage = 0;
    String viewerWithPages = null;
    try (CacheClient client = client()) {
      for (String uid : uids) {
        Optional<FeedPage> first = client.feedPage(uid, 0);
        if (first.isEmpty()) {
          continue;
        }
        List<FeedPage.Candidate> feed = new ArrayList<>();
        int pageCount = first.get().pageCount();
        for (int page = 0; page < pageCount; page++) {
          FeedPage read = client.feedPage(uid, page).orElseThrow(
              () -> new AssertionError("missing a page of " + uid));
          assertEquals(page, read.page());
          assertEquals(pageCount, read.pageCount());
          assertEquals("every page of one run's list", first.get().listVersion(),
              read.listVersion());
          feed.addAll(read.candidates());
        }
        assertFalse("no page past the count", client.feedPage(uid, pageCount).isPresent());
        assertEquals(first.get().totalCandidates(), feed.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < feed.size(); i++) {
          assertTrue("pages are disjoint", seen.add(feed.get(i).uid()));
          assertFalse("never the viewer", feed.get(i).uid().equals(uid));
          if (i > 0) {
            assertTrue("sorted by score", feed.get(i - 1).score() >= feed.get(i).score());
          }
        }
        if (pageCount > 1) {
          multiPage++;
          viewerWithPages = uid;
        }
      }
    }
    assertTrue("the world yields viewers with several pages", multiPage > 0);

    // Everyone else leaves: the next run finds no candidate for the viewer, so its feed shrinks
    // to one empty page and the pages the first run wrote past it must go.
    var batch = emulator.client().batch();
    for (String uid : uids) {
      if (!uid.equals(viewerWithPages)) {
        batch.update(emulator.client().collection("users").document(uid), "status", "deleted");
      }
    }
    batch.commit().get();
    RunSummary shorter = run("short", 12, 3);
    assertTrue("the second run removed pages", shorter.documentsDeleted() > 0);
    try (CacheClient client = client()) {
      FeedPage only = client.feedPage(viewerWithPages, 0).orElseThrow();
      assertEquals(1, only.pageCount());
      assertEquals(0, only.totalCandidates());
      assertEquals("short", client.get("feed:" + viewerWithPages + ":0").document().runId());
      assertFalse("the old run's second page is gone",
          client.feedPage(viewerWithPages, 1).isPresent());
    }
  }

  private RunSummary run(String runId, int maxCandidates, int pageSize) throws Exception {
    return PrecomputeRunner.run(FEEDS, PrecomputeRunner.parseOptions(FEEDS, new String[] {
        "--source=firestore", "--store=firestore", "--firestoreProject=" + emulator.projectId(),
        "--emulatorHost=" + emulator.host(), "--asOf=" + SeedConfig.DEFAULT_ANCHOR,
        "--runId=" + runId, "--feedMaxCandidates=" + maxCandidates,
        "--feedPageSize=" + pageSize, "--deadLetterDir=" + temp.newFolder("letters-" + runId),
        "--stateLocation=" + temp.getRoot().toPath().resolve("state"),
        "--enforceImmutability=false", "--enforceEncodability=false"}));
  }

  private CacheClient client() {
    return CacheClient.builder(CacheStores.open(StoreSpec.parse("firestore", emulator.projectId(),
        emulator.host()))).build();
  }

  private static List<String> uids(Path world) throws Exception {
    List<String> uids = new ArrayList<>();
    try (Stream<String> lines = Files.lines(world.resolve("users.ndjson"))) {
      lines.forEach(line -> uids.add(line.replaceFirst("^\\{\"id\":\"([^\"]+)\".*$", "$1")));
    }
    return uids;
  }
}
