package com.avalo.precompute.feeds;

import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a ranked feed into pages, and names the pages of older runs to delete.
 *
 * <p>An active user always gets page 0, so a reader can tell an empty feed (page 0 with no
 * candidates, {@code pageCount} 1, {@code totalCandidates} 0) from a feed not computed (no page 0).
 * A feed of n candidates has {@code max(1, ceil(n / P))} pages; the pages from there up to
 * {@code ceil(K / P) - 1}, which an older run may have written, are deleted in the same run, so a
 * reader following {@code pageCount} never sees a page of another run. (Pages at or past
 * {@code ceil(K / P)} can only exist when K or P changed between runs; readers stop at
 * {@code pageCount} and those pages expire.)
 */
public final class FeedPages {
  private FeedPages() {}

  /** The pages of one feed, page 0 first; {@code ranked} is best first and at most K long. */
  public static List<FeedPage> paginate(String uid, List<RankedCandidate> ranked, int pageSize) {
    int total = ranked.size();
    int pageCount = Math.max(1, (total + pageSize - 1) / pageSize);
    List<FeedPage> pages = new ArrayList<>(pageCount);
    for (int page = 0; page < pageCount; page++) {
      List<FeedPage.Candidate> cards = new ArrayList<>(pageSize);
      for (RankedCandidate candidate :
          ranked.subList(page * pageSize, Math.min(total, (page + 1) * pageSize))) {
        cards.add(candidate.card());
      }
      pages.add(new FeedPage(uid, page, pageCount, pageSize, total, List.copyOf(cards)));
    }
    return pages;
  }

  /** Keys of the pages an older run may have left beyond this run's {@code pageCount}. */
  public static List<CacheKey> stalePages(String uid, int pageCount, int maxPages) {
    List<CacheKey> keys = new ArrayList<>();
    for (int page = pageCount; page < maxPages; page++) {
      keys.add(DocumentType.FEED_PAGE.key(uid, page));
    }
    return keys;
  }
}
