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
 *
 * <p>The other user is held as its {@link FeedScore#hash}, the form exclusions and likes take in a
 * viewer's request ({@link UidSet}): an edge crosses the job's widest shuffle (two per like), and a
 * hash is 8 bytes against a uid's 20 or more.
 *
 * @param otherHash {@link FeedScore#hash} of the other user's uid
 */
public record FeedEdge(Kind kind, long otherHash) implements Serializable {

  public enum Kind {
    /** The user liked, superliked or passed {@code other}, matched them, or either blocked the other. */
    EXCLUDED,
    /** {@code other} liked or superliked the user. */
    LIKED_BY,
    /** {@code other} passed the user. */
    PASSED_BY
  }

  /** The edge of {@code kind} to the user {@code otherUid}. */
  public static FeedEdge of(Kind kind, String otherUid) {
    return new FeedEdge(kind, FeedScore.hash(otherUid));
  }

  /** A like of any kind hides the target from the liker and counts as received by the target. */
  public static List<KV<String, FeedEdge>> of(Like like, Instant asOf) {
    if (like.createdAt().isAfter(asOf)) {
      return List.of();
    }
    Kind received = like.kind() == LikeKind.pass ? Kind.PASSED_BY : Kind.LIKED_BY;
    return List.of(KV.of(like.fromUserId(), of(Kind.EXCLUDED, like.toUserId())),
        KV.of(like.toUserId(), of(received, like.fromUserId())));
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
    return List.of(KV.of(a, of(Kind.EXCLUDED, b)), KV.of(b, of(Kind.EXCLUDED, a)));
  }
}
