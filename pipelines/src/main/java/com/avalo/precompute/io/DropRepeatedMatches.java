package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.Match;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one match per pair of users and dead-letters the others. Two match documents of one
 * pair under different ids (both clients creating the match when the second like lands; an
 * export taken twice with new ids) listed the other user twice in each match list and counted
 * the match twice in both users' stats. The match kept is the oldest, as the pair matched then
 * and it exists at every as-of at which any of them does; ties go to the first by content, so
 * every run and runner keeps the same one.
 */
public final class DropRepeatedMatches extends PTransform<PCollection<Match>, PCollectionTuple> {
  /** One match per pair. */
  public static final TupleTag<Match> KEPT = new TupleTag<>() {};

  private static final Comparator<Match> OLDEST_FIRST = Comparator.comparing(Match::createdAt,
      Comparator.nullsLast(Comparator.<Instant>naturalOrder()));

  private final String job;

  public DropRepeatedMatches(String job) {
    this.job = job;
  }

  @Override
  public PCollectionTuple expand(PCollection<Match> matches) {
    PCollectionTuple kept = matches
        .apply("KeyByPair", WithKeys.of((Match match) -> DropBlockedPairs.pairKey(match.userIds()))
            .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), matches.getCoder()))
        .apply("GroupByPair", GroupByKey.create())
        .apply("KeepOnePerPair", ParDo.of(new KeepOldestFn(job))
            .withOutputTags(KEPT, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    kept.get(KEPT).setCoder(matches.getCoder());
    kept.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return kept;
  }

  /** The match kept of a pair's, then the others in the order they are left out. */
  static List<Match> keptFirst(Iterable<Match> pair) {
    List<Match> matches = new ArrayList<>();
    pair.forEach(matches::add);
    matches.sort(OLDEST_FIRST.thenComparing(Json::write));
    return matches;
  }

  private static final class KeepOldestFn extends DoFn<KV<String, Iterable<Match>>, Match> {
    private final String job;
    private final Counter rejected = Metrics.counter("dead_lettered", "matches");

    KeepOldestFn(String job) {
      this.job = job;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Match>> pair, MultiOutputReceiver out) {
      List<Match> matches = keptFirst(pair.getValue());
      Match kept = matches.get(0);
      out.get(KEPT).output(kept);
      for (Match repeated : matches.subList(1, matches.size())) {
        rejected.inc();
        out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(job, "matches",
            "matches/" + repeated.id(), "repeated match: " + matches.size() + " records of"
                + " matches are of the users '" + ReasonText.quote(kept.userIds().get(0)) + "' and '"
                + ReasonText.quote(kept.userIds().get(1)) + "'; the oldest (id '"
                + ReasonText.quote(kept.id()) + "') was used, this one was left out",
            Json.write(repeated)));
      }
    }
  }
}
