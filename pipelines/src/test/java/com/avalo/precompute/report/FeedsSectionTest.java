package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.serving.store.SqliteCacheStore;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Feed lengths fall in bins one page wide, with empty and short feeds each a bin of their own. */
public class FeedsSectionTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static FeedPage feed(int candidates, int pageSize) {
    int pages = Math.max(1, (candidates + pageSize - 1) / pageSize);
    return new FeedPage("u" + candidates, 0, pages, pageSize, candidates, List.of(), "v1");
  }

  @Test
  public void lengthsAreBinnedByPageAndEveryFeedIsCountedOnce() {
    List<FeedPage> feeds = IntStream.of(0, 0, 1, 19, 20, 39, 40, 200).mapToObj(n -> feed(n, 20)).toList();

    Chart lengths = FeedsSection.lengths(feeds, 20);

    assertEquals("0", lengths.categories().get(0));
    assertEquals("1–19", lengths.categories().get(1));
    assertEquals("20–39", lengths.categories().get(2));
    assertEquals("200–219", lengths.categories().get(lengths.categories().size() - 1));
    List<? extends Number> users = lengths.series().get(0).values();
    assertEquals(List.of(2L, 2L, 2L, 1L), users.subList(0, 4));
    assertEquals(1L, users.get(users.size() - 1));
    assertEquals(8L, users.stream().mapToLong(Number::longValue).sum());
  }

  @Test
  public void withPagesOfOneEachLengthIsItsOwnBin() {
    Chart lengths = FeedsSection.lengths(List.of(feed(0, 1), feed(2, 1)), 1);

    assertEquals(List.of("0", "1", "2"), lengths.categories());
    assertEquals(List.of(1L, 0L, 1L), lengths.series().get(0).values());
  }

  /**
   * An incremental run rewrites only the feeds that changed: the others keep the stamp of the run
   * before, and are still the feeds of active users.
   */
  @Test
  public void feedsAnIncrementalRunLeftUnchangedAreCounted() {
    Instant first = Instant.parse("2026-11-20T00:00:00Z");
    Instant second = Instant.parse("2026-11-20T01:00:00Z");
    try (SqliteCacheStore store = SqliteCacheStore.open(folder.getRoot().toPath().resolve("c.db"))) {
      store.write(List.of(stored(feed(0, 20), "run-1", first), stored(feed(5, 20), "run-1", first),
          stored(feed(30, 20), "run-2", second)));

      Section feeds = FeedsSection.build(new StoreReads(store));

      assertEquals(List.of("all (active users)", 3L, 1.0), feeds.tables().get(0).rows().get(0));
      assertEquals(List.of("2 of these feeds were unchanged by the newest feeds run and keep the"
          + " stamp of the run that wrote them (incremental runs write only what changed)."),
          feeds.notices());
    }
  }

  /** A hand-edited first page with pageSize 0 took the whole report down (division by zero). */
  @Test
  public void aFirstPageOfNoPageSizeIsLeftOutAndCounted() {
    Instant at = Instant.parse("2026-11-20T00:00:00Z");
    try (SqliteCacheStore store = SqliteCacheStore.open(folder.getRoot().toPath().resolve("c.db"))) {
      store.write(List.of(stored(feed(5, 20), "run-1", at),
          stored(new FeedPage("u9", 0, 1, 0, 3, List.of(), "v1"), "run-1", at)));

      Section feeds = FeedsSection.build(new StoreReads(store));

      assertEquals(List.of("all (active users)", 1L, 1.0), feeds.tables().get(0).rows().get(0));
      assertEquals(List.of("1 unreadable document left out: feed:u9:0 (its pageSize is 0, not"
          + " at least 1)."), feeds.notices());
    }
  }

  private static CacheDocument stored(FeedPage page, String runId, Instant at) {
    return CacheDocument.of(DocumentType.FEED_PAGE.key(page.uid(), 0), page,
        new CacheDocument.Provenance("feeds", runId, at, at), at.plusSeconds(6 * 3600));
  }

  @Test
  public void sharesOfEmptyAndShortFeedsAreOfAllActiveUsers() {
    Table shares = FeedsSection.shares(List.of(feed(0, 20), feed(5, 20), feed(25, 20), feed(40, 20)), 20);

    assertEquals(List.of("empty (0 candidates)", 1L, 0.25), shares.rows().get(1));
    assertEquals(List.of("short (1 to 19 candidates)", 1L, 0.25), shares.rows().get(2));
    assertEquals(List.of("empty or short", 2L, 0.5), shares.rows().get(3));
  }
}
