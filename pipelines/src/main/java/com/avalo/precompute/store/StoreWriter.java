package com.avalo.precompute.store;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.schemas.CacheDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.LastWriters;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Where a run writes, as Beam transforms: cache documents and deletes, and the run's dead
 * letters. One implementation per kind of store, picked by {@link StoreWriters#forRun}; the
 * runner is handed one, so a test can swap the sink (as DataflowTemplates hands a template's
 * {@code run} its write transform) and nothing outside this package asks which kind it is.
 */
public interface StoreWriter {

  /**
   * Checks that the store answers, so that an unreachable one stops the run before any work.
   *
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException saying what to check
   */
  void checkReachable();

  /**
   * Checks that the store answers reads, for a dry run, which writes nothing: not even the dead
   * letters whose place {@link #checkReachable} also checks.
   */
  default void checkReadable() {
    checkReachable();
  }

  /**
   * Refuses a store that exists and is not one (a mistyped path naming another program's file),
   * before the run makes its state and locks beside it; a store not made yet passes.
   *
   * @throws com.avalo.precompute.serving.store.StoreUnavailableException saying what is there
   */
  default void refuseForeignStore() {}

  /**
   * Whether the store is a service that can stop answering while a run writes to it, so that the
   * run probes it with {@link #checkReachable} as it goes. A local file cannot, and probing it
   * would contend with the run's own writes.
   */
  default boolean answersOverNetwork() {
    return false;
  }

  /**
   * Puts and deletes cache documents, counting them in the {@link WriteCounters}. Its output is
   * a dead letter for each write the store refused on its own (a store whose writes succeed or
   * fail as a whole fails the run instead, and outputs none); it is complete only once every
   * write is done, so a step that must follow the writes waits on it ({@code Wait.on}).
   */
  PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> writeDocuments();

  /**
   * Writes the dead letters of run {@code runId} where this store's users look for them. Its
   * output (whatever it holds) is complete only once every dead letter is written, for a step
   * that must follow them ({@code Wait.on}).
   */
  PTransform<PCollection<DeadLetter>, ? extends PCollection<?>> writeDeadLetters(String runId);

  /**
   * The stamps of every document of {@code job} in the store, in one read of its keys (no
   * payloads where the store can avoid them), counted in {@link WriteCounters#STAMPS_READ}: what
   * a run diffs against when it has no manifest to trust.
   */
  PTransform<PBegin, PCollection<DocumentStamp>> readStamps(String job);

  /**
   * Where run manifests and their state file go when the run names no place: a directory beside
   * an embedded store's file, or null for a store with no local place of its own.
   */
  String defaultStateLocation();

  /**
   * Which of {@code keys} the store holds, from one cheap read of each (no payloads): a run does
   * not trust a manifest listing a fresh key the store lacks, as after its file was deleted.
   */
  Set<String> holding(List<String> keys);

  /**
   * The runs that last began writing each of {@code jobs}' documents to this store, by job, for
   * the jobs one marked ({@link LastWriters}, one read each): a run trusts its manifest of a job
   * only while it is that run's.
   */
  Map<String, LastWriter> lastWriters(List<String> jobs);

  /**
   * Marks a run as the last writer of each job of {@code marks}, in order, where the mark is still
   * the one the run {@code seen} when it planned (absent: none), before its first write
   * ({@link LastWriters#replace}).
   *
   * @return empty when every job was marked; else the first other run's mark found instead (the
   *     jobs after it are not marked)
   */
  Optional<LastWriter> markWriting(Map<String, LastWriter> seen, List<LastWriter> marks);

  /**
   * Applied inside the pipeline once every write is done: each job of {@code ours} whose mark is
   * no longer this run's gets a mark naming no run, as another run began writing it while this one
   * was. Its input's elements pass through once checked, for a step that must follow.
   */
  PTransform<PCollection<String>, PCollection<String>> markOverlappedJobs(List<LastWriter> ours);

  /**
   * The first stored document whose key starts with {@code prefix}, in one read of a key and one
   * of a document, for a job's {@link com.avalo.precompute.io.PrecomputeJob#checkStored check};
   * empty for a store that holds none, or a sink that cannot read.
   */
  default Optional<CacheDocument> firstWithPrefix(String prefix) {
    return Optional.empty();
  }

  /** Where {@link #writeDeadLetters} puts those of run {@code runId}, for the run's summary. */
  String deadLetterLocation(String runId);

  /**
   * The directory of this store's dead-letter files ({@code <runId>/dead-letters-*.ndjson}), for
   * readers such as the report; empty for a store that keeps its dead letters elsewhere.
   */
  default Optional<Path> localDeadLetterDirectory() {
    return Optional.empty();
  }

  /** The store, as the run's summary names it. */
  String describe();
}
