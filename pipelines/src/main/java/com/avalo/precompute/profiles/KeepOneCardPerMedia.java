package com.avalo.precompute.profiles;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.KeepFirstPerKey;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Keeps one media card per media id and dead-letters the others. Post ids are checked for
 * duplicates when read, media ids are not: a repost listing another post's photo, or one photo
 * listed twice in a post, gave two {@code media:{mediaId}} writes under one key, which fails the
 * whole run. The card kept is the first in {@link #KEPT_FIRST} order.
 */
public final class KeepOneCardPerMedia extends KeepFirstPerKey<MediaCard> {
  public static final TupleTag<MediaCard> KEPT = new TupleTag<>() {};

  /**
   * The media item that first showed the photo is its card: the earliest post, then the first
   * post id in string order; then the card's JSON, only to make the order total, so that an item
   * listed twice in a post with different sizes is still kept the same on every run.
   */
  public static final Comparator<MediaCard> KEPT_FIRST = Comparator
      .comparing(MediaCard::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(MediaCard::postId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Json::write);

  private static final String POSTS = SourceCollection.POSTS.name();

  public KeepOneCardPerMedia(String job) {
    super(new StepNames("KeyByMediaId", "GroupByMediaId", "KeepFirstCard"), MediaCard::mediaId,
        (left, right) -> KEPT_FIRST.compare(left, right), POSTS,
        (mediaId, cards, rank) -> letter(job, mediaId, cards, rank), KEPT);
  }

  /** The cards of one media id, the one to keep first. */
  public static List<MediaCard> keptFirst(Iterable<MediaCard> cards) {
    return sortedKeptFirst(cards, KEPT_FIRST);
  }

  private static DeadLetter letter(String job, String mediaId, List<MediaCard> cards, int rank) {
    MediaCard card = cards.get(0);
    MediaCard left = cards.get(rank - 1);
    return DeadLetter.of(job, POSTS, POSTS + "/" + left.postId(),
        "duplicate media id: " + cards.size() + " media items have the id '"
            + ReasonText.quote(mediaId) + "'; the card of post '" + ReasonText.quote(card.postId())
            + "' was written (the earliest post, then the first post id), this one (" + rank
            + " of " + cards.size() + ", in post '" + ReasonText.quote(left.postId())
            + "') was left out; the post's card still lists it",
        Json.write(left));
  }
}
