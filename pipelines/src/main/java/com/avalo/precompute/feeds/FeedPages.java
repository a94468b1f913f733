package com.avalo.precompute.feeds;

import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.ListVersion;
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

  /** The page slots past a feed of {@code pageCount} pages that a run without manifests deleted. */
  public static int blindDeletes(int pageCount, int maxPages) {
    return Math.max(0, maxPages - pageCount);
  }
}
