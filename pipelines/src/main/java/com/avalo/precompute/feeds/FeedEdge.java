package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.values.KV;

/**
 * What one interaction says about one user's feed, keyed by that user: someone to exclude, or a
 * like or pass they received (for desirability and the liked-you boost).
 *
 * <p>Interactions created after asOf are ignored: the feed is computed as of the snapshot time,
 * so a rerun with the same asOf on a later export writes the same feed.
 */
public record FeedEdge(Kind kind, String other) implements Serializable {

  public enum Kind {
    /** The user liked, superliked or passed {@code other}, matched them, or either blocked the other. */
    EXCLUDED,
    /** {@code other} liked or superliked the user. */
    LIKED_BY,
    /** {@code other} passed the user. */
    PASSED_BY
  }

  /** A like of any kind hides the target from the liker and counts as received by the target. */
  public static List<KV<String, FeedEdge>> of(Like like, Instant asOf) {
    if (like.createdAt().isAfter(asOf)) {
      return List.of();
    }
    Kind received = like.kind() == LikeKind.pass ? Kind.PASSED_BY : Kind.LIKED_BY;
    return List.of(KV.of(like.fromUserId(), new FeedEdge(Kind.EXCLUDED, like.toUserId())),
        KV.of(like.toUserId(), new FeedEdge(received, like.fromUserId())));
  }

  /** A block hides each user from the other. */
  public static List<KV<String, FeedEdge>> of(Block block, Instant asOf) {
    if (block.createdAt().isAfter(asOf)) {
      return List.of();
    }
    return excludeEachOther(block.fromUserId(), block.toUserId());
  }

  /** Matched users do not see each other in discovery any more. */
  public static List<KV<String, FeedEdge>> of(Match match, Instant asOf) {
    if (match.createdAt().isAfter(asOf)) {
      return List.of();
    }
    return excludeEachOther(match.userIds().get(0), match.userIds().get(1));
  }

  private static List<KV<String, FeedEdge>> excludeEachOther(String a, String b) {
    return List.of(KV.of(a, new FeedEdge(Kind.EXCLUDED, b)), KV.of(b, new FeedEdge(Kind.EXCLUDED, a)));
  }
}
