package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Match;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** A block by either user, made by the as-of, hides what is between the two; later ones do not. */
public class DropBlockedPairsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  private static Match match(String id, String a, String b) {
    return new Match(id, List.of(a, b), Instant.parse("2026-11-01T00:00:00Z"), "c-" + id);
  }

  private static Block block(String from, String to, String at) {
    return new Block("b-" + from + "-" + to, from, to, Instant.parse(at));
  }

  @Test
  public void aBlockEitherWayByTheAsOfHidesThePair() {
    PCollection<Match> matches = pipeline.apply("Matches", Create.of(
            match("m1", "ann", "bo"), match("m2", "ann", "cy"), match("m3", "cy", "di"),
            match("m4", "bo", "di"))
        .withCoder(RecordCoder.of(Match.class)));
    PCollection<Block> blocks = pipeline.apply("Blocks", Create.of(
            block("bo", "ann", "2026-11-10T00:00:00Z"),  // by the matched-with user: hides m1
            block("di", "bo", "2026-11-19T23:59:59Z"),   // the other way round: hides m4
            block("di", "cy", "2026-11-20T00:00:01Z"))   // after the as-of: m3 stays
        .withCoder(RecordCoder.of(Block.class)));

    PCollection<String> kept = matches
        .apply(new DropBlockedPairs<>(blocks, AS_OF, Match::userIds))
        .apply(MapElements.into(TypeDescriptors.strings()).via(Match::id));

    PAssert.that(kept).containsInAnyOrder("m2", "m3");
    pipeline.run().waitUntilFinish();
  }
}
