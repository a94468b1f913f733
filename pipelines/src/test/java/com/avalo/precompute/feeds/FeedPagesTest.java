package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.DocumentType;
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
    assertEquals(List.of(DocumentType.FEED_PAGE.key("u", 3), DocumentType.FEED_PAGE.key("u", 9)),
        List.of(FeedPages.stalePages("u", 3, 10).get(0), FeedPages.stalePages("u", 3, 10).get(6)));
    assertEquals(7, FeedPages.stalePages("u", 3, 10).size());
  }

  @Test
  public void anEmptyFeedIsPageZeroWithNoCandidates() {
    List<FeedPage> pages = FeedPages.paginate("u", List.of(), 20);
    assertEquals(List.of(new FeedPage("u", 0, 1, 20, 0, List.of())), pages);
    assertEquals(9, FeedPages.stalePages("u", 1, 10).size());
  }

  @Test
  public void aFullFeedLeavesNothingToDelete() {
    List<FeedPage> pages = FeedPages.paginate("u", ranked(200), 20);
    assertEquals(10, pages.size());
    assertEquals(List.of(), FeedPages.stalePages("u", 10, 10));
  }
}
