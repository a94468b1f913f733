package com.avalo.precompute.feeds;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.ListVersion;
import com.avalo.precompute.store.RefuseOversizedDocuments;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a ranked feed into pages, every page carrying the feed's {@link ListVersion}.
 *
 * <p>An active user always gets page 0, so a reader can tell an empty feed (page 0 with no
 * candidates, {@code pageCount} 1, {@code totalCandidates} 0) from a feed not computed (no page 0).
 * A feed of n candidates has {@code max(1, ceil(n / P))} pages. Pages an older, longer feed left
 * are deleted by the run's diff with its previous manifest, which knows exactly which exist; the
 * page slots up to {@code ceil(K / P) - 1} past the feed's end are what a run without manifests
 * deleted blindly ({@link #blindDeletes}), counted for the cost of a full rewrite.
 */
public final class FeedPages {
  private FeedPages() {}

  /** The pages of one feed, page 0 first; {@code ranked} is best first and at most K long. */
  public static List<FeedPage> paginate(String uid, List<RankedCandidate> ranked, int pageSize) {
    int total = ranked.size();
    int pageCount = Math.max(1, (total + pageSize - 1) / pageSize);
    List<Object> definition = new ArrayList<>(List.of(pageCount, pageSize, total));
    ranked.forEach(candidate -> definition.add(candidate.card()));
    String version = ListVersion.of(definition);
    List<FeedPage> pages = new ArrayList<>(pageCount);
    for (int page = 0; page < pageCount; page++) {
      List<FeedPage.Candidate> cards = new ArrayList<>(pageSize);
      for (RankedCandidate candidate :
          ranked.subList(page * pageSize, Math.min(total, (page + 1) * pageSize))) {
        cards.add(candidate.card());
      }
      pages.add(new FeedPage(uid, page, pageCount, pageSize, total, List.copyOf(cards), version));
    }
    return pages;
  }

  /** The widest a card's score can be written ({@code -2.2250738585072014E-308}). */
  private static final double WIDEST_SCORE = -Double.MIN_NORMAL;

  /**
   * Bytes each card may take so that a full page of them, for any viewer, as any run writes it,
   * stays under the document limit: a candidate whose card is wider is left out of feeds
   * ({@link #fitsAPage}), as a chat list leaves out an entry too big for its page.
   */
  public static int cardBudget(FeedSettings settings) {
    FeedPage empty = new FeedPage(RunContext.WIDEST_ID, settings.maxPages(), settings.maxPages(),
        settings.pageSize(), Integer.MAX_VALUE, List.of(), ListVersion.of(List.of()));
    int emptyBytes = RunContext.widestDocumentBytes(FeedsJob.NAME,
        DocumentType.FEED_PAGE.key(RunContext.WIDEST_ID, settings.maxPages()), empty);
    // Each card but the last is followed by a comma.
    return (RefuseOversizedDocuments.MAX_DOCUMENT_BYTES - emptyBytes) / settings.pageSize() - 1;
  }

  /** Whether {@code candidate}'s card, for any viewer, takes at most {@code budget} bytes. */
  public static boolean fitsAPage(FeedProfile candidate, int budget) {
    long chars = candidate.displayName().length() + candidate.city().length();
    for (String interest : candidate.interests()) {
      chars += interest.length() + 3; // its quotes and comma
    }
    // Surely fits: JSON takes at most 6 bytes a character (an escape), and the field names and
    // numbers under 400. Only a card near the budget is written out to be measured.
    if (6 * chars + candidate.uid().length() + 400 <= budget) {
      return true;
    }
    return widestCardBytes(candidate) <= budget;
  }

  /** Bytes of the widest card of {@code candidate}: every interest shared, the widest numbers. */
  static int widestCardBytes(FeedProfile candidate) {
    return Json.writeBytes(new FeedPage.Candidate(candidate.uid(), candidate.displayName(),
        candidate.age(), candidate.city(), Integer.MIN_VALUE, candidate.photoCount(),
        candidate.interests(), WIDEST_SCORE)).length;
  }

  /** The page slots past a feed of {@code pageCount} pages that a run without manifests deleted. */
  public static int blindDeletes(int pageCount, int maxPages) {
    return Math.max(0, maxPages - pageCount);
  }
}
