package com.avalo.precompute.schemas;

import java.io.Serializable;
import java.util.List;

/**
 * Payload of {@code feed:{uid}:{page}}: one page of a user's ranked discovery feed. Pages count
 * from 0; {@code pageCount} is how many pages the run that wrote this page produced, so a reader
 * can tell the last page and never mix pages of two runs (pages past it are deleted by the run).
 */
public record FeedPage(
    String uid, int page, int pageCount, int pageSize, int totalCandidates, List<Candidate> candidates)
    implements Serializable {

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
