package com.avalo.precompute.feeds;

import static com.avalo.precompute.feeds.TestUsers.AS_OF;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.feeds.FeedEdge.Kind;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

public class FeedEdgeTest {
  private static final java.time.Instant BEFORE = AS_OF.minusSeconds(60);

  @Test
  public void everyLikeKindHidesTheTargetFromTheLiker() {
    for (LikeKind kind : LikeKind.values()) {
      List<KV<String, FeedEdge>> edges = FeedEdge.of(new Like("l", "a", "b", kind, BEFORE), AS_OF);
      assertEquals(KV.of("a", FeedEdge.of(Kind.EXCLUDED, "b")), edges.get(0));
      Kind received = kind == LikeKind.pass ? Kind.PASSED_BY : Kind.LIKED_BY;
      assertEquals(KV.of("b", FeedEdge.of(received, "a")), edges.get(1));
    }
  }

  @Test
  public void blocksAndMatchesHideBothWays() {
    List<KV<String, FeedEdge>> both = List.of(KV.of("a", FeedEdge.of(Kind.EXCLUDED, "b")),
        KV.of("b", FeedEdge.of(Kind.EXCLUDED, "a")));
    assertEquals(both, FeedEdge.of(new Block("k", "a", "b", BEFORE), AS_OF));
    assertEquals(both, FeedEdge.of(new Match("m", List.of("a", "b"), BEFORE, "chat"), AS_OF));
  }

  @Test
  public void interactionsAfterAsOfAreIgnoredAndAtAsOfCount() {
    java.time.Instant after = AS_OF.plusSeconds(1);
    assertEquals(List.of(), FeedEdge.of(new Like("l", "a", "b", LikeKind.like, after), AS_OF));
    assertEquals(List.of(), FeedEdge.of(new Block("k", "a", "b", after), AS_OF));
    assertEquals(List.of(), FeedEdge.of(new Match("m", List.of("a", "b"), after, null), AS_OF));
    assertEquals(2, FeedEdge.of(new Block("k", "a", "b", AS_OF), AS_OF).size());
  }
}
