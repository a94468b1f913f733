package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * The same records come out as from grouping every record by id: one per id, the first by
 * content, and a dead letter for each other one; whatever the ids' hashes, colliding or not.
 */
public class DropRareDuplicateIdsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final String REASON = "duplicate id: 3 records of likes have the id 'l2'; one was"
      + " used (the first by content), this one was left out";

  private static final List<Like> LIKES = List.of(
      new Like("l1", "u1", "u2", LikeKind.like, AT),
      // l2 three times: the one kept, first by content ("u3" < "u5" < "u6"), comes last here.
      new Like("l2", "u6", "u4", LikeKind.like, AT),
      new Like("l2", "u5", "u4", LikeKind.like, AT),
      new Like("l2", "u3", "u4", LikeKind.like, AT),
      new Like("l3", "u1", "u3", LikeKind.pass, AT),
      new Like("l4", "u2", "u1", LikeKind.superlike, AT));

  @Test
  public void aDuplicatedIdKeepsTheFirstRecordByContentAndDeadLettersTheRest() {
    checkWith(new DropRareDuplicateIds<>("test", "likes", Like.class));
  }

  @Test
  public void idsWhoseHashesCollideAreAllKept() {
    // Every id hashes alike: every record is a suspect, and the exact check tells them apart.
    SerializableFunction<String, Long> sameHash = id -> 7L;
    checkWith(new DropRareDuplicateIds<>("test", "likes", Like.class, sameHash));
  }

  @Test
  public void withoutDuplicatesEveryRecordPassesAndNothingIsDeadLettered() {
    DropRareDuplicateIds<Like> dedupe = new DropRareDuplicateIds<>("test", "likes", Like.class);
    PCollectionTuple kept = pipeline
        .apply(Create.of(List.of(LIKES.get(0), LIKES.get(4), LIKES.get(5)))
            .withCoder(RecordCoder.of(Like.class)))
        .apply(dedupe);
    PAssert.that(kept.get(dedupe.uniqueTag())
            .apply("Kept", MapElements.into(TypeDescriptors.strings()).via(Like::id)))
        .containsInAnyOrder("l1", "l3", "l4");
    PAssert.that(kept.get(ParseRecords.DEAD_LETTERS)).empty();
    pipeline.run();
  }

  private void checkWith(DropRareDuplicateIds<Like> dedupe) {
    PCollectionTuple kept = pipeline
        .apply(Create.of(LIKES).withCoder(RecordCoder.of(Like.class)))
        .apply(dedupe);
    PAssert.that(kept.get(dedupe.uniqueTag())
            .apply("Kept", MapElements.into(TypeDescriptors.strings())
                .via(like -> like.id() + " " + like.fromUserId())))
        .containsInAnyOrder("l1 u1", "l2 u3", "l3 u1", "l4 u2");
    PAssert.that(kept.get(ParseRecords.DEAD_LETTERS)
            .apply("Letters", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " | " + letter.reason() + " | "
                    + letter.payload().contains("\"u3\""))))
        .containsInAnyOrder("likes/l2 | " + REASON + " | false", "likes/l2 | " + REASON + " | false");
    pipeline.run();
  }
}
