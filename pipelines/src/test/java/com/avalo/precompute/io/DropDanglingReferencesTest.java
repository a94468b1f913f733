package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;

/**
 * Records are checked in batches; whatever the batching, every record comes out once, valid or
 * as a dead letter naming the missing reference.
 */
public class DropDanglingReferencesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  public void acrossManyBatchesEveryRecordComesOutOnceValidOrDeadLettered() {
    // Two full batches and a part of one; every 7th like points at a user who does not exist.
    int count = 2 * DropDanglingReferences.MAX_BATCH + 345;
    List<Like> likes = new ArrayList<>();
    List<String> valid = new ArrayList<>();
    List<String> dangling = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean missing = i % 7 == 0;
      likes.add(new Like("l" + i, "u" + (i % 10), missing ? "gone" + i : "u" + (i % 3),
          LikeKind.like, AT));
      if (missing) {
        dangling.add("likes/l" + i + " refers to missing user gone" + i);
      } else {
        valid.add("l" + i);
      }
    }
    DropDanglingReferences<Like> check = check();
    PCollectionTuple checked = pipeline
        .apply("Likes", Create.of(likes).withCoder(RecordCoder.of(Like.class)))
        .apply(check);

    PAssert.that(checked.get(check.validTag())
            .apply("ValidIds", MapElements.into(TypeDescriptors.strings()).via(Like::id)))
        .containsInAnyOrder(valid);
    PAssert.that(checked.get(ParseRecords.DEAD_LETTERS)
            .apply("Letters", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " " + letter.reason())))
        .containsInAnyOrder(dangling);
    pipeline.run().waitUntilFinish();
    assertEquals(count, valid.size() + dangling.size());
  }

  @Test(expected = IllegalArgumentException.class)
  public void refusesWindowedRecordsItsBatchesWouldMoveToTheGlobalWindow() {
    pipeline.enableAbandonedNodeEnforcement(false);  // the pipeline is refused before it can run
    PCollection<Like> windowed = pipeline
        .apply("Likes", Create.of(new Like("l1", "u1", "u2", LikeKind.like, AT))
            .withCoder(RecordCoder.of(Like.class)))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))));
    windowed.apply(check());
  }

  private DropDanglingReferences<Like> check() {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      users.add("u" + i);
    }
    return new DropDanglingReferences<>("feeds", "likes", Like.class, "user",
        pipeline.apply("Users", Create.of(users)), Like::id, SourceCollection.LIKES::userReferences);
  }
}
