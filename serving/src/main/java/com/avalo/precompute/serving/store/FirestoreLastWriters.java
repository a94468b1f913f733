package com.avalo.precompute.serving.store;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The last writers of a Firestore store, in collection {@value #COLLECTION} of its database: a
 * document per job, its id the job's name: a few reads and a write per job and run.
 */
public final class FirestoreLastWriters implements LastWriters {
  public static final String COLLECTION = "precompute_last_writers";
  private static final long TIMEOUT_SECONDS = 10;

  private final Firestore firestore;
  private final CollectionReference collection;
  private final String description;

  private FirestoreLastWriters(Firestore firestore, String description) {
    this.firestore = firestore;
    this.collection = firestore.collection(COLLECTION);
    this.description = description;
  }

  /** The last writers in the database of {@code spec}, on a client of their own. */
  public static FirestoreLastWriters open(FirestoreStoreSpec spec) {
    return new FirestoreLastWriters(FirestoreCacheStore.client(spec.project(), spec.emulatorHost()),
        spec.withCollection(COLLECTION).toString());
  }

  @Override
  public Optional<LastWriter> get(String job) {
    return writer(job, await(collection.document(job).get(), "get " + job));
  }

  @Override
  public void put(LastWriter writer) {
    await(collection.document(writer.job()).set(fields(writer)), "set " + writer.job());
  }

  /** In a transaction, which Firestore retries when another changes the document meanwhile. */
  @Override
  public Optional<LastWriter> replace(Optional<LastWriter> seen, LastWriter next) {
    DocumentReference document = collection.document(next.job());
    return await(firestore.runTransaction(transaction -> {
      Optional<LastWriter> found = writer(next.job(), transaction.get(document).get());
      boolean unchanged = LastWriters.stillSeen(seen, found);
      if (unchanged) {
        transaction.set(document, fields(next));
      }
      return unchanged ? Optional.<LastWriter>empty() : found;
    }), "replace " + next.job());
  }

  private static Optional<LastWriter> writer(String job, DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    Timestamp startedAt = snapshot.getTimestamp("startedAt");
    return Optional.of(new LastWriter(job, snapshot.getString("runId"),
        snapshot.getString("stateLocation"),
        startedAt == null ? Instant.EPOCH : FirestoreRunLedger.instant(startedAt)));
  }

  private static Map<String, Object> fields(LastWriter writer) {
    return Map.of("job", writer.job(), "runId", writer.runId(), "stateLocation",
        writer.stateLocation(), "startedAt", FirestoreRunLedger.timestamp(writer.startedAt()));
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      firestore.close();
    } catch (Exception ignored) {
      // Closing: nothing left to save.
    }
  }

  private <T> T await(ApiFuture<T> future, String what) {
    return FirestoreCacheStore.await(future, TIMEOUT_SECONDS, description, what);
  }
}
