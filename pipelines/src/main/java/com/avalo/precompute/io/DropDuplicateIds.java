package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Keeps one record per id of a collection whose ids the jobs take as unique (one user per uid,
 * one chat per chat id), and dead-letters the others. Firestore cannot hold two documents under
 * one id, but a file export can (two exports concatenated); without this the jobs took whichever
 * record a group gave first, silently and not always the same one. The record kept is one that
 * existed by the run's as-of if any did, then the first by its JSON, so every run and runner
 * with the same as-of keeps the same one. The as-of comes first because the jobs drop records
 * dated after it ({@link RecordedBy}) after this check: keeping a copy dated after it would
 * leave the id out of a backfill although another copy of it was there by then. (Users are not
 * dropped so, but a copy of a user as of the run is as good a choice as any.) Of two copies of
 * a user, a deleted one comes before a suspended one and that before an active one: the copy
 * that hides the account wins, since two exports concatenated hold an account deleted between
 * them as an older active copy, which sorted first by content and gave it public cards again.
 */
public final class DropDuplicateIds<T extends SourceRecord> extends KeepFirstPerKey<T> {
  public DropDuplicateIds(String job, SourceCollection<T> collection, Instant asOf) {
    super(new StepNames("KeyById", "GroupById", "KeepOnePerId"), SourceRecord::uniqueId,
        (left, right) -> {
          int byAsOf = Boolean.compare(after(collection, left, asOf),
              after(collection, right, asOf));
          if (byAsOf != 0) {
            return byAsOf;
          }
          int byStatus = Integer.compare(hiding(right), hiding(left));
          return byStatus != 0 ? byStatus : Json.write(left).compareTo(Json.write(right));
        },
        collection.name(),
        (id, records, rank) -> letter(job, collection.name(), id, records, rank),
        new TupleTag<>());
  }

  /** How much a record hides its user: 2 deleted, 1 suspended, 0 active or not a user. */
  private static int hiding(SourceRecord record) {
    if (!(record instanceof SourceRecords.User user)) {
      return 0;
    }
    return switch (user.status()) {
      case deleted -> 2;
      case suspended -> 1;
      default -> 0;
    };
  }

  private static <T extends SourceRecord> boolean after(SourceCollection<T> collection, T record,
      Instant asOf) {
    Instant when = collection.datedAt(record);
    return when != null && when.isAfter(asOf);
  }

  private static <T extends SourceRecord> DeadLetter letter(String job, String collection,
      String id, List<T> records, int rank) {
    return DeadLetter.of(job, collection, collection + "/" + id,
        "duplicate id: " + records.size() + " records of " + collection + " have the id '"
            + ReasonText.quote(id) + "'; one was used (one dated by the as-of if any was, then"
            + " for users the one that hides the account most, then the first by content), this"
            + " one (" + rank + " of " + records.size()
            + ") was left out",
        Json.write(records.get(rank - 1)));
  }
}
