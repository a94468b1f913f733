package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.Match;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** One match per pair of users, whichever way round it names them: the oldest. */
public class DropRepeatedMatchesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATE = Instant.parse("2026-01-02T00:00:00Z");

  @Test
  public void aPairMatchedUnderSeveralIdsKeepsItsOldestMatch() {
    List<Match> matches = List.of(
        new Match("m-late", List.of("u1", "u2"), LATE, "c1"),
        // Equally old: the first by content ("m-a" < "m-b") is kept, named either way round.
        new Match("m-b", List.of("u2", "u1"), EARLY, "c2"),
        new Match("m-a", List.of("u2", "u1"), EARLY, "c3"),
        new Match("m-other", List.of("u1", "u3"), LATE, "c4"));
    PCollectionTuple kept = pipeline
        .apply(Create.of(matches).withCoder(RecordCoder.of(Match.class)))
        .apply(new DropRepeatedMatches("test"));

    PAssert.that(kept.get(DropRepeatedMatches.KEPT)
            .apply("Kept", MapElements.into(TypeDescriptors.strings()).via(Match::id)))
        .containsInAnyOrder("m-a", "m-other");
    PAssert.that(kept.get(ParseRecords.DEAD_LETTERS)
            .apply("Letters", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " | " + letter.reason())))
        .containsInAnyOrder(
            "matches/m-b | repeated match: 3 records of matches are of the users 'u2' and 'u1';"
                + " the oldest (id 'm-a') was used, this one was left out",
            "matches/m-late | repeated match: 3 records of matches are of the users 'u2' and 'u1';"
                + " the oldest (id 'm-a') was used, this one was left out");
    pipeline.run();
  }
}
