package com.avalo.precompute.ledger;

import com.avalo.precompute.incremental.DocumentDiff;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.StoreRefusal;
import com.avalo.precompute.serving.store.DeadLetterCount;
import com.avalo.precompute.serving.store.DeadLetterReasons;
import com.avalo.precompute.serving.store.RunCounts;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * What a run wrote, counted inside its pipeline so that a run nobody waits for (Dataflow) still
 * records it: puts and deletes handed to the store, and dead letters by collection and kind of
 * reason. Tallies add up in any order.
 *
 * @param puts documents handed to the store
 * @param deletes deletes handed to the store
 * @param unchanged documents left as stored, their content and freshness unchanged
 * @param stampsRead stamps read from the store for the diff (jobs without a manifest to trust)
 * @param refusedPuts puts the store answered with an error ({@link StoreRefusal#PUT})
 * @param refusedDeletes deletes the store answered with an error ({@link StoreRefusal#DELETE})
 * @param deadLetters dead letters by collection and kind, at most {@link #MAX_KINDS} kinds per
 *     collection (the rest as one kind, {@link #OTHER})
 * @param deadLetterDocuments the documents they take on Firestore, one per distinct letter, each
 *     a billed write
 */
@DefaultCoder(RecordCoder.class)
public record RunTally(long puts, long deletes, long unchanged, long stampsRead,
    long refusedPuts, long refusedDeletes, List<DeadLetterCount> deadLetters,
    long deadLetterDocuments) implements Serializable {
  /** Kinds of reason kept per collection: a ledger record must stay small however bad the input. */
  static final int MAX_KINDS = 20;
  static final String OTHER = "(other reasons)";
  /** Nothing yet. */
  public static final RunTally NONE = new RunTally(0, 0, 0, 0, 0, 0, List.of(), 0);

  public RunTally {
    deadLetters = List.copyOf(deadLetters);
  }

  /** One cache write. */
  public static RunTally of(CacheWrite write) {
    return write.isDelete() ? new RunTally(0, 1, 0, 0, 0, 0, List.of(), 0)
        : new RunTally(1, 0, 0, 0, 0, 0, List.of(), 0);
  }

  /** One key's decision against the last run ({@code JOB/ACTION}): only a skip is counted here. */
  public static RunTally ofDecision(String decision) {
    return decision.endsWith("/" + DocumentDiff.Action.SKIP)
        ? new RunTally(0, 0, 1, 0, 0, 0, List.of(), 0) : NONE;
  }

  /** One stamp read from the store for the diff. */
  public static RunTally ofStampRead() {
    return new RunTally(0, 0, 0, 1, 0, 0, List.of(), 0);
  }

  /** One document of the run's dead letters on Firestore ({@link com.avalo.precompute.io.CountDeadLetterDocuments}). */
  public static RunTally ofDeadLetterDocument() {
    return new RunTally(0, 0, 0, 0, 0, 0, List.of(), 1);
  }

  /** One dead letter; a write the store refused is also taken off what it wrote. */
  public static RunTally of(DeadLetter letter) {
    Optional<StoreRefusal> refusal = StoreRefusal.of(letter);
    return new RunTally(0, 0, 0, 0, refusal.filter(StoreRefusal.PUT::equals).isPresent() ? 1 : 0,
        refusal.filter(StoreRefusal.DELETE::equals).isPresent() ? 1 : 0,
        List.of(new DeadLetterCount(letter.collection(), DeadLetterReasons.kindOf(letter.reason()),
            1, letter.reason())), 0);
  }

  /** Both tallies together. */
  public RunTally plus(RunTally other) {
    Map<String, Map<String, DeadLetterCount>> kinds = new LinkedHashMap<>();
    for (DeadLetterCount count : concat(deadLetters, other.deadLetters)) {
      Map<String, DeadLetterCount> ofCollection = kinds.computeIfAbsent(count.collection(), c -> new LinkedHashMap<>());
      String kind = ofCollection.containsKey(count.reason()) || ofCollection.size() < MAX_KINDS
          || count.reason().equals(OTHER) ? count.reason() : OTHER;
      ofCollection.merge(kind, kind.equals(count.reason()) ? count
          : new DeadLetterCount(count.collection(), OTHER, count.count(), count.example()),
          (a, b) -> new DeadLetterCount(a.collection(), a.reason(), a.count() + b.count(), a.example()));
    }
    List<DeadLetterCount> merged = new ArrayList<>();
    kinds.values().forEach(ofCollection -> merged.addAll(ofCollection.values()));
    return new RunTally(puts + other.puts, deletes + other.deletes, unchanged + other.unchanged,
        stampsRead + other.stampsRead, refusedPuts + other.refusedPuts, refusedDeletes + other.refusedDeletes, merged,
        deadLetterDocuments + other.deadLetterDocuments);
  }

  /**
   * The counts the ledger records: documents written and deleted are the puts and deletes the
   * store took (a document refused as too big never reached it, so it is not taken off), most
   * frequent dead letters first. Records read are not known inside the pipeline.
   */
  public RunCounts counts() {
    List<DeadLetterCount> sorted = new ArrayList<>(deadLetters);
    sorted.sort(Comparator.comparingLong(DeadLetterCount::count).reversed()
        .thenComparing(DeadLetterCount::collection).thenComparing(DeadLetterCount::reason));
    return new RunCounts(null, Math.max(0, puts - refusedPuts), unchanged,
        Math.max(0, deletes - refusedDeletes), sorted);
  }

  private static List<DeadLetterCount> concat(List<DeadLetterCount> a, List<DeadLetterCount> b) {
    List<DeadLetterCount> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
