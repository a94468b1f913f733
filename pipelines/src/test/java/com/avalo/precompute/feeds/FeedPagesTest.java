package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.avalo.precompute.schemas.FeedPage;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class FeedPagesTest {

  private static List<RankedCandidate> ranked(int n) {
    List<RankedCandidate> ranked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ranked.add(new RankedCandidate(new FeedPage.Candidate("c" + i, "C" + i, 30, "Paris", 3, 2,
          List.of(), 1.0 - i / 1000.0), i));
    }
    return ranked;
  }

  @Test
  public void pagesOfPCandidatesWithTheLastPartial() {
    List<FeedPage> pages = FeedPages.paginate("u", ranked(45), 20);
    assertEquals(3, pages.size());
    for (int p = 0; p < 3; p++) {
      assertEquals(p, pages.get(p).page());
      assertEquals(3, pages.get(p).pageCount());
      assertEquals(45, pages.get(p).totalCandidates());
      assertEquals(20, pages.get(p).pageSize());
    }
    assertEquals(List.of(20, 20, 5), pages.stream().map(p -> p.candidates().size()).toList());
    assertEquals("c20", pages.get(1).candidates().get(0).uid());
    assertEquals(7, FeedPages.blindDeletes(3, 10));
    assertEquals("every page carries the feed's version", 1,
        pages.stream().map(FeedPage::listVersion).distinct().count());
  }

  @Test
  public void anyChangeToTheFeedChangesTheVersionOfEveryPage() {
    String version = FeedPages.paginate("u", ranked(45), 20).get(0).listVersion();
    assertNotEquals(version, FeedPages.paginate("u", ranked(44), 20).get(0).listVersion());
    assertNotEquals(version, FeedPages.paginate("u", ranked(45), 15).get(0).listVersion());
    List<RankedCandidate> reordered = new java.util.ArrayList<>(ranked(45));
    java.util.Collections.swap(reordered, 40, 41); // a change on the last page only
    assertNotEquals(version, FeedPages.paginate("u", reordered, 20).get(0).listVersion());
    assertEquals(version, FeedPages.paginate("u", ranked(45), 20).get(2).listVersion());
  }

  @Test
  public void anEmptyFeedIsPageZeroWithNoCandidates() {
    List<FeedPage> pages = FeedPages.paginate("u", List.of(), 20);
    assertEquals(List.of(new FeedPage("u", 0, 1, 20, 0, List.of(), pages.get(0).listVersion())), pages);
    assertEquals(9, FeedPages.blindDeletes(1, 10));
  }

  @Test
  public void aFullFeedLeavesNothingToDelete() {
    List<FeedPage> pages = FeedPages.paginate("u", ranked(200), 20);
    assertEquals(10, pages.size());
    assertEquals(0, FeedPages.blindDeletes(10, 10));
  }
}
