package com.avalo.precompute.feeds;

import java.io.Serializable;

/**
 * Everything the feed's transforms are configured with, checked and serializable.
 *
 * @param ranking weights and blocking limits
 * @param maxCandidates most candidates in one user's feed (K)
 * @param pageSize candidates per page (P)
 */
public record FeedSettings(RankingConfig ranking, int maxCandidates, int pageSize)
    implements Serializable {

  /** Most candidates a feed may hold; ceil(K / P) pages are written or deleted per user and run. */
  public static final int MAX_CANDIDATES_LIMIT = 10_000;
  /** Largest page: keeps a page document far below Firestore's 1 MiB. */
  public static final int MAX_PAGE_SIZE = 200;

  public FeedSettings {
    if (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES_LIMIT) {
      throw new IllegalArgumentException("--feedMaxCandidates=" + maxCandidates
          + " must be from 1 to " + MAX_CANDIDATES_LIMIT);
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("--feedPageSize=" + pageSize + " must be from 1 to "
          + MAX_PAGE_SIZE + " (a page is one cache document)");
    }
  }

  /** Reads and checks the options and the ranking config they name. */
  public static FeedSettings from(FeedsOptions options) {
    return new FeedSettings(RankingConfig.load(options.getFeedsConfig()),
        options.getFeedMaxCandidates(), options.getFeedPageSize());
  }

  /** Pages the largest feed fills: ceil(K / P). Pages from a run's page count up to this are deleted. */
  public int maxPages() {
    return (maxCandidates + pageSize - 1) / pageSize;
  }
}
