package com.avalo.precompute.profiles;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.ParseRecords;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
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
 * Keeps one media card per media id and dead-letters the others. Post ids are checked for
 * duplicates when read, media ids are not: a repost listing another post's photo, or one photo
 * listed twice in a post, gave two {@code media:{mediaId}} writes under one key, which fails the
 * whole run. The card kept is the first in {@link #KEPT_FIRST} order, which depends on the cards
 * alone, never on the order a runner groups them in, so every run and runner keeps the same one.
 */
public final class KeepOneCardPerMedia extends PTransform<PCollection<MediaCard>, PCollectionTuple> {
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

  private final String job;

  public KeepOneCardPerMedia(String job) {
    this.job = job;
  }

  /** The cards of one media id, the one to keep first. */
  public static List<MediaCard> keptFirst(Iterable<MediaCard> cards) {
    List<MediaCard> sorted = new ArrayList<>();
    cards.forEach(sorted::add);
    sorted.sort(KEPT_FIRST);
    return sorted;
  }

  @Override
  public PCollectionTuple expand(PCollection<MediaCard> cards) {
    PCollectionTuple kept = cards
        .apply("KeyByMediaId", WithKeys.of(MediaCard::mediaId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(MediaCard.class)))
        .apply("GroupByMediaId", GroupByKey.create())
        .apply("KeepFirstCard", ParDo.of(new KeepFirstFn(job))
            .withOutputTags(KEPT, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    kept.get(KEPT).setCoder(RecordCoder.of(MediaCard.class));
    kept.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return kept;
  }

  private static final class KeepFirstFn extends DoFn<KV<String, Iterable<MediaCard>>, MediaCard> {
    private final String job;
    private final Counter rejected = Metrics.counter("dead_lettered", SourceCollection.POSTS.name());

    KeepFirstFn(String job) {
      this.job = job;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<MediaCard>> group, MultiOutputReceiver out) {
      List<MediaCard> cards = keptFirst(group.getValue());
      MediaCard card = cards.get(0);
      out.get(KEPT).output(card);
      // The rank tells apart the letters of one item listed twice in a post, which would
      // otherwise be equal, and so one Firestore dead-letter document.
      for (int rank = 2; rank <= cards.size(); rank++) {
        MediaCard left = cards.get(rank - 1);
        rejected.inc();
        out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(job, SourceCollection.POSTS.name(),
            SourceCollection.POSTS.name() + "/" + left.postId(),
            "duplicate media id: " + cards.size() + " media items have the id '"
                + ReasonText.quote(group.getKey()) + "'; the card of post '"
                + ReasonText.quote(card.postId()) + "' was written (the earliest post, then the"
                + " first post id), this one (" + rank + " of " + cards.size() + ", in post '"
                + ReasonText.quote(left.postId()) + "') was left out; the post's card still"
                + " lists it",
            Json.write(left)));
      }
    }
  }
}
