package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.Match;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Keeps one match per pair of users and dead-letters the others. Two match documents of one
 * pair under different ids (both clients creating the match when the second like lands; an
 * export taken twice with new ids) listed the other user twice in each match list and counted
 * the match twice in both users' stats. The match kept is the oldest, as the pair matched then
 * and it exists at every as-of at which any of them does; ties go to the first by content, so
 * every run and runner keeps the same one.
 */
public final class DropRepeatedMatches extends KeepFirstPerKey<Match> {
  /** One match per pair. */
  public static final TupleTag<Match> KEPT = new TupleTag<>() {};

  private static final Comparator<Match> OLDEST_FIRST = Comparator
      .comparing(Match::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
      .thenComparing(Json::write);

  public DropRepeatedMatches(String job) {
    super(new StepNames("KeyByPair", "GroupByPair", "KeepOnePerPair"),
        match -> DropBlockedPairs.pairKey(match.userIds()),
        (left, right) -> OLDEST_FIRST.compare(left, right), "matches",
        (pair, matches, rank) -> letter(job, matches, rank), KEPT);
  }

  private static DeadLetter letter(String job, List<Match> matches, int rank) {
    Match kept = matches.get(0);
    Match repeated = matches.get(rank - 1);
    return DeadLetter.of(job, "matches", "matches/" + repeated.id(),
        "repeated match: " + matches.size() + " records of matches are of the users '"
            + ReasonText.quote(kept.userIds().get(0)) + "' and '"
            + ReasonText.quote(kept.userIds().get(1)) + "'; the oldest (id '"
            + ReasonText.quote(kept.id()) + "') was used, this one was left out",
        Json.write(repeated));
  }
}
