package com.avalo.precompute.serving.store;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The run ledger in a Firestore collection ({@value #COLLECTION}) of the cache's database: one
 * document per window, its id {@link LedgerRecord#id}. A window's first lease is a
 * {@code create()}, which fails when the document exists, so of two launches at once exactly one
 * creates it; every later step (a takeover, a rerun, an outcome) reads and writes the document in
 * a transaction. {@value #EXPIRES_AT} is a Timestamp for the collection's TTL policy, and the
 * attempts are one JSON string, never indexed.
 */
public final class FirestoreRunLedger extends AtomicLedger {
  /** The collection of ledger records. */
  public static final String COLLECTION = "precompute_runs";
  public static final String SCHEDULE = "schedule";
  public static final String WINDOW_START = "windowStart";
  public static final String WINDOW_END = "windowEnd";
  public static final String STATE = "state";
  public static final String ATTEMPT = "attempt";
  public static final String UPDATED_AT = "updatedAt";
  /** When the TTL policy may delete the record: {@link RunLedger#RETENTION} after the window. */
  public static final String EXPIRES_AT = "expiresAt";
  public static final String ATTEMPTS = "attempts";
  private static final long TIMEOUT_SECONDS = 30;

  private final Firestore firestore;
  private final CollectionReference collection;
  private final String description;

  private FirestoreRunLedger(Firestore firestore, String description) {
    this.firestore = firestore;
    this.collection = firestore.collection(COLLECTION);
    this.description = description;
  }

  /**
   * Connects to the database of {@code spec} and checks that it answers.
   *
   * @throws StoreUnavailableException when it does not answer within the timeout
   */
  public static FirestoreRunLedger open(FirestoreStoreSpec spec) {
    String description = spec.withCollection(COLLECTION).toString();
    FirestoreRunLedger ledger = new FirestoreRunLedger(
        FirestoreCacheStore.client(spec.project(), spec.emulatorHost()), description);
    try {
      ledger.collection.document("__probe").get().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      ledger.close();
      throw new StoreUnavailableException("cannot reach the run ledger " + description + ": "
          + FirestoreCacheStore.rootMessage(e) + (spec.emulatorHost() == null
              ? " (check credentials and network)" : " (is the emulator running?)"), e);
    }
    return ledger;
  }

  @Override
  public Lease acquire(LeaseRequest request) {
    LedgerRecord first = LeaseRules.first(request);
    try {
      await(collection.document(first.id()).create(fields(first)), "create " + first.id());
      return new Lease.Granted(first, first.latest(), null);
    } catch (StoreUnavailableException e) {
      if (!alreadyExists(e)) {
        throw e;
      }
    }
    DocumentReference document = collection.document(first.id());
    return await(firestore.runTransaction(transaction -> {
      LeaseRules.Decision decision = LeaseRules.decide(record(transaction.get(document).get()), request);
      if (decision.store() != null) {
        transaction.set(document, fields(decision.store()));
      }
      return decision.lease();
    }), "lease " + first.id());
  }

  @Override
  boolean change(String schedule, Instant windowStart,
      Function<LedgerRecord, Optional<LedgerRecord>> change) {
    DocumentReference document = collection.document(LedgerRecord.id(schedule, windowStart));
    return await(firestore.runTransaction(transaction -> {
      Optional<LedgerRecord> changed = record(transaction.get(document).get()).flatMap(change);
      changed.ifPresent(record -> transaction.set(document, fields(record)));
      return changed.isPresent();
    }), "update " + document.getId());
  }

  @Override
  public Optional<LedgerRecord> get(String schedule, Instant windowStart) {
    String id = LedgerRecord.id(schedule, windowStart);
    return record(await(collection.document(id).get(), "get " + id));
  }

  /**
   * Newest first by {@value #WINDOW_START}: of all schedules on its automatic single-field index;
   * of one through the composite index ({@value #SCHEDULE}, {@value #WINDOW_START} descending)
   * that the deploy plan creates (the emulator needs none).
   */
  @Override
  public List<LedgerRecord> newest(String schedule, int limit) {
    Query query = schedule == null ? collection : collection.whereEqualTo(SCHEDULE, schedule);
    query = query.orderBy(WINDOW_START, Query.Direction.DESCENDING).limit(limit);
    List<LedgerRecord> records = new ArrayList<>();
    for (QueryDocumentSnapshot snapshot : await(query.get(), "list").getDocuments()) {
      record(snapshot).ifPresent(records::add);
    }
    return records;
  }

  /**
   * Skips from one schedule to the next on the automatic single-field index of {@value
   * #SCHEDULE}: one read per schedule, where reading every window (90 days of them) would be
   * tens of thousands. Firestore has no DISTINCT.
   */
  @Override
  public List<String> schedules() {
    List<String> schedules = new ArrayList<>();
    Query first = collection.orderBy(SCHEDULE).limit(1);
    List<QueryDocumentSnapshot> next = await(first.get(), "list schedules").getDocuments();
    while (!next.isEmpty()) {
      String schedule = next.get(0).getString(SCHEDULE);
      if (schedule == null) {
        break;
      }
      schedules.add(schedule);
      next = await(collection.whereGreaterThan(SCHEDULE, schedule).orderBy(SCHEDULE).limit(1)
          .get(), "list schedules").getDocuments();
    }
    return schedules;
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

  private static Map<String, Object> fields(LedgerRecord record) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(SCHEDULE, record.schedule());
    fields.put(WINDOW_START, timestamp(record.windowStart()));
    fields.put(WINDOW_END, timestamp(record.windowEnd()));
    fields.put(STATE, record.state().name());
    fields.put(ATTEMPT, (long) record.latest().attempt());
    fields.put(UPDATED_AT, Timestamp.now());
    fields.put(EXPIRES_AT, timestamp(record.windowEnd().plus(RETENTION)));
    fields.put(ATTEMPTS, LedgerCodec.attempts(record));
    return fields;
  }

  private static Optional<LedgerRecord> record(DocumentSnapshot snapshot) {
    if (!snapshot.exists()) {
      return Optional.empty();
    }
    return Optional.of(new LedgerRecord(snapshot.getString(SCHEDULE),
        instant(snapshot.getTimestamp(WINDOW_START)), instant(snapshot.getTimestamp(WINDOW_END)),
        LedgerCodec.attempts(snapshot.getString(ATTEMPTS), snapshot.getId())));
  }

  /** {@code instant} as Firestore's Timestamp, to the nanosecond. */
  static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private <T> T await(ApiFuture<T> future, String what) {
    return FirestoreCacheStore.await(future, TIMEOUT_SECONDS, description, what);
  }

  /** Whether a failed {@code create()} failed because the document exists. */
  private static boolean alreadyExists(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiException api
          && api.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
        return true;
      }
      if (cause instanceof FirestoreException firestore && firestore.getStatus() != null
          && firestore.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
