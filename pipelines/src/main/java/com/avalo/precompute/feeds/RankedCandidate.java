package com.avalo.precompute.feeds;

import com.avalo.precompute.schemas.FeedPage;
import java.io.Serializable;
import java.util.Comparator;

/** A candidate's card for one viewer with its day's tie-break, in feed order by {@link #BEST_FIRST}. */
public record RankedCandidate(FeedPage.Candidate card, long tiebreak) implements Serializable {

  /** Rounded score, highest first; then tie-break, then uid, so the order is total. */
  public static final Comparator<RankedCandidate> BEST_FIRST = new BestFirst();

  private static final class BestFirst implements Comparator<RankedCandidate>, Serializable {
    @Override
    public int compare(RankedCandidate a, RankedCandidate b) {
      int byScore = Double.compare(b.card.score(), a.card.score());
      if (byScore != 0) {
        return byScore;
      }
      int byTiebreak = Long.compare(a.tiebreak, b.tiebreak);
      return byTiebreak != 0 ? byTiebreak : a.card.uid().compareTo(b.card.uid());
    }
  }
}
