package com.avalo.precompute.feeds;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.feeds.FeedEdge.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.Combine;
import org.junit.Test;

public class UserEdgesTest {
  private final Combine.CombineFn<FeedEdge, UserEdges, UserEdges> collect = UserEdges.collect();

  @Test
  public void countsEachOtherUserOnceWhateverTheRepeats() {
    UserEdges edges = new UserEdges()
        .add(FeedEdge.of(Kind.LIKED_BY, "a"))
        .add(FeedEdge.of(Kind.LIKED_BY, "a"))  // a like and a superlike from the same user
        .add(FeedEdge.of(Kind.LIKED_BY, "b"))
        .add(FeedEdge.of(Kind.PASSED_BY, "c"))
        .add(FeedEdge.of(Kind.EXCLUDED, "d"))
        .add(FeedEdge.of(Kind.EXCLUDED, "d"))
        .distinct();
    assertEquals(2, edges.likesReceived());
    assertEquals(1, edges.passesReceived());
    assertEquals(UidSet.of("a", "b"), edges.likedBy());
    assertEquals(UidSet.of("d"), edges.excluded());
    assertTrue(edges.likedBy().contains("a"));
    assertFalse(edges.excluded().contains("a"));
  }

  @Test
  public void anySplitIntoPartialsGivesTheSameSumAsOneAccumulator() {
    Random random = new Random(7);
    List<FeedEdge> all = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      all.add(FeedEdge.of(Kind.values()[random.nextInt(3)], "user" + random.nextInt(800)));
    }
    UserEdges whole = collect.extractOutput(addAll(collect.createAccumulator(), all));
    for (int trial = 0; trial < 20; trial++) {
      Collections.shuffle(all, random);
      List<UserEdges> partials = new ArrayList<>();
      int from = 0;
      while (from < all.size()) {
        int to = Math.min(all.size(), from + 1 + random.nextInt(400));
        partials.add(addAll(collect.createAccumulator(), all.subList(from, to)));
        from = to;
      }
      partials.add(collect.createAccumulator());  // an empty partial changes nothing
      UserEdges merged = collect.extractOutput(collect.mergeAccumulators(partials));
      assertEquals(whole, merged);
      assertEquals(whole.likesReceived(), merged.likesReceived());
      assertEquals(whole.passesReceived(), merged.passesReceived());
    }
  }

  @Test
  public void theCoderKeepsEverySetBeforeAndAfterTheyAreMadeDistinct() throws Exception {
    UserEdges partial = new UserEdges()
        .add(FeedEdge.of(Kind.EXCLUDED, "z"))
        .add(FeedEdge.of(Kind.EXCLUDED, "y"))
        .add(FeedEdge.of(Kind.EXCLUDED, "z"))
        .add(FeedEdge.of(Kind.PASSED_BY, "x"));
    CoderProperties.coderDecodeEncodeEqual(UserEdges.coder(), partial);
    CoderProperties.coderDecodeEncodeEqual(UserEdges.coder(), new UserEdges());
    UserEdges decoded = org.apache.beam.sdk.util.CoderUtils.clone(UserEdges.coder(), partial);
    assertEquals(UidSet.of("y", "z"), decoded.distinct().excluded());
    assertEquals(0, decoded.likesReceived());
    assertEquals(1, decoded.passesReceived());
  }

  private static UserEdges addAll(UserEdges edges, List<FeedEdge> more) {
    more.forEach(edges::add);
    return edges;
  }
}
