package com.avalo.precompute.incremental;

import java.io.Serializable;

/**
 * What a run did to the store and what that costs on Firestore at {@link FirestorePrices}, beside
 * what rewriting everything would have cost: every document written, and the blind deletes of
 * every page slot past each list's end that a run without manifests makes. Both include the run's
 * dead letters, each a document write to Firestore's dead-letter collection.
 *
 * @param written documents put
 * @param unchanged documents left as stored (skipped)
 * @param deleted documents deleted
 * @param stampsRead documents read from the store for the diff (a run without a trusted manifest)
 * @param blindDeletes the deletes a run without manifests would have made
 * @param deadLetters the documents the dead letters take on Firestore, one per distinct letter
 *     (its copies are one document), each one write; files on the embedded store
 * @param prices the prices to estimate with
 */
public record RunCost(long written, long unchanged, long deleted, long stampsRead,
    long blindDeletes, long deadLetters, FirestorePrices prices) implements Serializable {

  /** Dollars this run's writes, deletes and reads cost, its dead letters' writes included. */
  public double dollars() {
    return prices.cost(written + deadLetters, deleted, stampsRead);
  }

  /** Dollars a full rewrite costs: every document written, the blind deletes, the dead letters. */
  public double fullRewriteDollars() {
    return prices.cost(written + unchanged + deadLetters, blindDeletes, 0);
  }
}
