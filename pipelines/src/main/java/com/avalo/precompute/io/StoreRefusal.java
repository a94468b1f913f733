package com.avalo.precompute.io;

import com.avalo.precompute.source.ReasonText;
import java.util.Optional;

/**
 * A write the store answered with an error, as a dead letter. Made and recognised only here, so
 * that the run ledger can tell these letters from documents refused before they reached the
 * store (too big), which were never handed to it and so are not taken off what it wrote.
 */
public enum StoreRefusal {
  PUT("Firestore refused the write: "),
  DELETE("Firestore refused the delete: ");

  /** The job such letters name: the store's writer, whichever job computed the document. */
  static final String JOB = "write";
  static final String COLLECTION = "cache";

  private final String reasonPrefix;

  StoreRefusal(String reasonPrefix) {
    this.reasonPrefix = reasonPrefix;
  }

  /**
   * The dead letter of a refused write to {@code path} ({@code precompute_cache/<key>}), with
   * the store's {@code message} and its {@code response} as the payload.
   */
  public DeadLetter letter(String path, String message, String response) {
    return DeadLetter.of(JOB, COLLECTION, path, reasonPrefix + ReasonText.quote(message), response);
  }

  /** Which refusal {@code letter} records, if it is one. */
  public static Optional<StoreRefusal> of(DeadLetter letter) {
    if (!JOB.equals(letter.job()) || !COLLECTION.equals(letter.collection())
        || letter.reason() == null) {
      return Optional.empty();
    }
    for (StoreRefusal refusal : values()) {
      if (letter.reason().startsWith(refusal.reasonPrefix)) {
        return Optional.of(refusal);
      }
    }
    return Optional.empty();
  }
}
