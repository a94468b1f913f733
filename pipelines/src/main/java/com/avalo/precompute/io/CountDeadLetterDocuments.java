package com.avalo.precompute.io;

import com.avalo.precompute.store.FirestoreDeadLetters;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The documents a run's dead letters take on Firestore, one per distinct letter
 * ({@link FirestoreDeadLetters#id}): each a billed write, counted under {@link #NAMESPACE}, and
 * output by id for the run ledger's tally. The run's cost counted every copy of a letter (a like
 * exported twice that names a deleted user is two letters), though Firestore stores one document
 * with a count of its copies. Counted the same way on every store, since the cost is what the run
 * would cost on Firestore.
 */
public final class CountDeadLetterDocuments
    extends PTransform<PCollection<DeadLetter>, PCollection<String>> {
  /** The counter's namespace, read by the run's summary. */
  public static final String NAMESPACE = "dead_letter_documents";

  private final String runId;

  public CountDeadLetterDocuments(String runId) {
    this.runId = runId;
  }

  @Override
  public PCollection<String> expand(PCollection<DeadLetter> letters) {
    String run = runId;
    return letters
        .apply("DocumentIds", MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter letter) -> FirestoreDeadLetters.id(run, letter)))
        .apply("OnePerDocument", Distinct.create())
        .apply("Count", ParDo.of(new CountFn()));
  }

  private static final class CountFn extends DoFn<String, String> {
    private final Counter documents = Metrics.counter(NAMESPACE, "documents");

    @ProcessElement
    public void process(@Element String id, OutputReceiver<String> out) {
      documents.inc();
      out.output(id);
    }
  }
}
