package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.serving.store.FirestoreRunLedger;
import java.util.List;

/**
 * A composite index a query of this project needs: Firestore answers a query that filters on one
 * field and orders by another only from one (the emulator does not check, production refuses).
 *
 * @param project the project whose Firestore database the query reads
 * @param collectionGroup the collection group
 * @param fields its fields, in order
 * @param why which query needs it, for the rendered plan
 */
public record FirestoreIndex(String project, String collectionGroup, List<Field> fields, String why) {

  /** A field of the index and its order. */
  public record Field(String path, boolean descending) {
    /** {@code ASCENDING} or {@code DESCENDING}, as Firestore's APIs spell it. */
    public String order() {
      return descending ? "DESCENDING" : "ASCENDING";
    }
  }

  public FirestoreIndex {
    fields = List.copyOf(fields);
  }

  /**
   * The run ledger's windows of one schedule, newest first (every launch, {@code precompute runs
   * --schedule}), in {@code project}'s ledger.
   */
  public static FirestoreIndex runsBySchedule(String project) {
    return new FirestoreIndex(project, FirestoreRunLedger.COLLECTION, List.of(
        new Field(FirestoreRunLedger.SCHEDULE, false), new Field(FirestoreRunLedger.WINDOW_START, true)),
        "one schedule's windows, newest first: read by every launch, and by 'precompute runs"
            + " --schedule'");
  }

  /** A name for it, for Terraform and titles: {@code precompute_runs_schedule_windowStart}. */
  public String name() {
    return collectionGroup + "_" + String.join("_", fields.stream().map(Field::path).toList());
  }
}
