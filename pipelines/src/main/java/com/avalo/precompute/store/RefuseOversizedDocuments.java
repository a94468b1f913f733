package com.avalo.precompute.store;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.RecordCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Sets aside every document too big for Firestore, whichever store the run writes to (a run's
 * output must not depend on its store), as a dead letter with its size: {@link #ACCEPTED} holds
 * the rest, {@link #DEAD_LETTERS} the refused. Pages withheld with their list
 * ({@link CacheWrite#withheldWithItsList}) are set aside too, without a dead letter of their own:
 * the list's oversized page has one, which says so.
 */
public final class RefuseOversizedDocuments
    extends PTransform<PCollection<CacheWrite>, PCollectionTuple> {
  /** Firestore's limit is 1 MiB per document; keep a margin for field names and index overhead. */
  public static final int MAX_DOCUMENT_BYTES = 1_000_000;

  public static final TupleTag<CacheWrite> ACCEPTED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  /** The whole key of each refused document, with its job, as a dead letter's origin may be cut. */
  public static final TupleTag<KV<String, String>> REFUSED_KEYS = new TupleTag<>() {};

  /** True when {@code write} is a document too big to store. */
  public static boolean isOversized(CacheWrite write) {
    return write.rendered() != null && write.rendered().jsonUtf8().length > MAX_DOCUMENT_BYTES;
  }

  @Override
  public PCollectionTuple expand(PCollection<CacheWrite> writes) {
    PCollectionTuple checked = writes.apply("CheckSizes", ParDo.of(new RefuseOversizedFn())
        .withOutputTags(ACCEPTED, TupleTagList.of(DEAD_LETTERS).and(REFUSED_KEYS)));
    checked.get(ACCEPTED).setCoder(CacheWriteCoder.of());
    checked.get(DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    checked.get(REFUSED_KEYS).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return checked;
  }

  static final class RefuseOversizedFn extends DoFn<CacheWrite, CacheWrite> {
    private final Counter refused = Metrics.counter("dead_lettered", "cache");
    private final Counter withheld = Metrics.counter("cache", "withheld_with_their_lists");

    @ProcessElement
    public void process(@Element CacheWrite write, MultiOutputReceiver out) {
      // The document as it will be stored, rendered once where it was built.
      if (isOversized(write)) {
        refused.inc();
        String kept = write.isWithheld()
            ? " The other pages of its list are withheld with it: the stored copies, of one"
                + " listVersion, are kept together until their own expiry"
            : " Any copy already stored is kept until its own expiry";
        out.get(DEAD_LETTERS).output(DeadLetter.of(write.job(), "cache",
            write.key(), "document is " + write.rendered().jsonUtf8().length + " bytes, over the "
                + MAX_DOCUMENT_BYTES + "-byte limit (Firestore allows 1 MiB); page or trim this"
                + " type." + kept,
            write.rendered().json()));
        out.get(REFUSED_KEYS).output(KV.of(write.key(), write.job()));
      } else if (write.isWithheld()) {
        withheld.inc();
        out.get(REFUSED_KEYS).output(KV.of(write.key(), write.job()));
      } else {
        out.get(ACCEPTED).output(write);
      }
    }
  }
}
