package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.FeedPage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.Test;

/** Feed lengths fall in bins one page wide, with empty and short feeds each a bin of their own. */
public class FeedsSectionTest {

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

  @Test
  public void sharesOfEmptyAndShortFeedsAreOfAllActiveUsers() {
    Table shares = FeedsSection.shares(List.of(feed(0, 20), feed(5, 20), feed(25, 20), feed(40, 20)), 20);

    assertEquals(List.of("empty (0 candidates)", 1L, 0.25), shares.rows().get(1));
    assertEquals(List.of("short (1 to 19 candidates)", 1L, 0.25), shares.rows().get(2));
    assertEquals(List.of("empty or short", 2L, 0.5), shares.rows().get(3));
  }
}
