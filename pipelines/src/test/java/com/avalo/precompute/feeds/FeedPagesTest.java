package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.store.RefuseOversizedDocuments;
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

  /**
   * A full page of cards each at the budget, with the widest viewer uid, page numbers, numbers in
   * the cards and envelope, fits under the document limit; a card one byte wider is left out.
   */
  @Test
  public void aFullPageOfCardsAtTheBudgetFitsUnderTheLimit() {
    FeedSettings settings = new FeedSettings(RankingConfig.load(""), 1000, 20);
    int budget = FeedPages.cardBudget(settings);
    int unnamed = FeedPages.widestCardBytes(named(""));
    // Emoji in the name, which JSON writes as two escapes each (12 bytes), then ASCII to the byte.
    int emoji = (budget - unnamed) / 12;
    FeedProfile atBudget =
        named("\uD83D\uDE00".repeat(emoji) + "x".repeat(budget - unnamed - 12 * emoji));
    assertEquals(budget, FeedPages.widestCardBytes(atBudget));
    assertTrue(FeedPages.fitsAPage(atBudget, budget));
    assertFalse(FeedPages.fitsAPage(named(atBudget.displayName() + "x"), budget));
    assertTrue(FeedPages.fitsAPage(named("Bob"), budget));

    String viewer = "v".repeat(128);
    List<RankedCandidate> full = new ArrayList<>();
    for (int i = 0; i < settings.pageSize(); i++) {
      full.add(new RankedCandidate(new FeedPage.Candidate(atBudget.uid(), atBudget.displayName(),
          atBudget.age(), atBudget.city(), Integer.MIN_VALUE, atBudget.photoCount(),
          atBudget.interests(), -Double.MIN_NORMAL), i));
    }
    FeedPage page = FeedPages.paginate(viewer, full, settings.pageSize()).get(0);
    int bytes = RunContext.widestDocumentBytes(FeedsJob.NAME,
        DocumentType.FEED_PAGE.key(viewer, settings.maxPages()), page);
    assertTrue(bytes + " bytes", bytes <= RefuseOversizedDocuments.MAX_DOCUMENT_BYTES);
    assertTrue("the budget is not far below what fits: " + bytes + " bytes",
        bytes > RefuseOversizedDocuments.MAX_DOCUMENT_BYTES - 2 * settings.pageSize() - 200);
  }

  private static FeedProfile named(String name) {
    return FeedProfile.of(TestUsers.man("m1").name(name).interests("chess", "jazz").build(),
        TestUsers.AS_OF, RankingConfig.load(""));
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
