package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import java.util.List;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Keeps one record per id of a collection whose ids the jobs take as unique (one user per uid,
 * one chat per chat id), and dead-letters the others. Firestore cannot hold two documents under
 * one id, but a file export can (two exports concatenated); without this the jobs took whichever
 * record a group gave first, silently and not always the same one. The record kept is the first
 * by its JSON, so every run and runner keeps the same one.
 */
public final class DropDuplicateIds<T extends SourceRecord> extends KeepFirstPerKey<T> {
  public DropDuplicateIds(String job, String collection) {
    super(new StepNames("KeyById", "GroupById", "KeepOnePerId"), SourceRecord::uniqueId,
        (left, right) -> Json.write(left).compareTo(Json.write(right)), collection,
        (id, records, rank) -> letter(job, collection, id, records, rank), new TupleTag<>());
  }

  private static <T extends SourceRecord> DeadLetter letter(String job, String collection,
      String id, List<T> records, int rank) {
    return DeadLetter.of(job, collection, collection + "/" + id,
        "duplicate id: " + records.size() + " records of " + collection + " have the id '"
            + ReasonText.quote(id) + "'; one was used (the first by content), this one (" + rank
            + " of " + records.size() + " by content) was left out",
        Json.write(records.get(rank - 1)));
  }
}
