package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.DocumentStamp;
import java.util.List;
import org.apache.beam.sdk.values.PCollection;

/**
 * What a run's pipeline writes, for a step that must come after all of it (the run ledger's
 * record of success): the cache writes handed to the store, every dead letter, and collections
 * that are complete only once the store has taken every write and every dead letter
 * ({@code Wait.on} them).
 *
 * @param writes the puts and deletes handed to the store
 * @param decisions each key's decision against the last run, {@code JOB/ACTION}
 *     ({@link com.avalo.precompute.incremental.DiffWithPrevious#DECISIONS})
 * @param stampsReadFromStore the stamps read from the store for the diff, each a billed read
 * @param deadLetters every dead letter of the run
 * @param deadLetterDocuments the documents they take on Firestore, by id, one per distinct letter
 *     ({@link CountDeadLetterDocuments})
 * @param written complete once everything is written and the manifests committed
 * @param manifests where the run's manifests go, one per job
 */
public record RunOutputs(PCollection<CacheWrite> writes, PCollection<String> decisions,
    PCollection<DocumentStamp> stampsReadFromStore, PCollection<DeadLetter> deadLetters,
    PCollection<String> deadLetterDocuments, List<PCollection<?>> written, List<String> manifests) {

  public RunOutputs {
    written = List.copyOf(written);
    manifests = List.copyOf(manifests);
  }
}
