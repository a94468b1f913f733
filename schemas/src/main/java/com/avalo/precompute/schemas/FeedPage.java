package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.util.List;

/**
 * Payload of {@code feed:{uid}:{page}}: one page of a user's ranked discovery feed. Pages count
 * from 0; {@code pageCount} is how many pages the feed has. Every page carries the feed's
 * {@code listVersion} ({@link ListVersion}): a reader that reads page N > 0 checks it against the
 * version of the page 0 it holds, and on a mismatch has pages of two different feeds (a run's
 * writes still in flight, or a cached page 0 older than the stored page N) and must reread.
 */
public record FeedPage(String uid, int page, int pageCount, int pageSize, int totalCandidates,
    List<Candidate> candidates, String listVersion) implements Serializable {

  /** A compact candidate card; distance is rounded to whole kilometres. */
  public record Candidate(
      String uid,
      String displayName,
      int age,
      String city,
      int distanceKm,
      int photoCount,
      List<String> sharedInterests,
      double score) implements Serializable {}
}
