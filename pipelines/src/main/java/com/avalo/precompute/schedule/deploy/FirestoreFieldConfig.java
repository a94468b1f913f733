package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.serving.store.FirestoreCodec;
import com.avalo.precompute.serving.store.FirestoreRunLedger;
import com.avalo.precompute.serving.invalidation.FirestoreInvalidationBus;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.store.FirestoreDeadLetters;
import java.util.List;

/**
 * A field of a Firestore collection group that is configured rather than left to the defaults:
 * kept out of the single-field indexes, and for {@code expiresAt} also the TTL policy's field.
 *
 * @param project the project whose Firestore database holds the collection group
 * @param collectionGroup the collection group
 * @param field the field
 * @param ttl whether the TTL policy deletes documents on this field (a Timestamp)
 * @param why why it is configured, for the rendered plan
 */
public record FirestoreFieldConfig(String project, String collectionGroup, String field, boolean ttl, String why) {

  /**
   * The cache collection's fields. The store reads documents by id only, so no field needs an
   * index for the service; indexing a large field costs storage and write time, and indexing a
   * value that rises with time, or that every write of a run shares, puts every write on one
   * index hotspot (about 500 writes a second). {@code key}, {@code type}, {@code job} and
   * {@code schemaVersion} stay indexed for operators' queries.
   */
  public static List<FirestoreFieldConfig> cacheCollection(String project, String collection) {
    return List.of(
        new FirestoreFieldConfig(project, collection, FirestoreCodec.EXPIRES_AT, true,
            "TTL deletes expired documents (within about 24 h; readers check expiresAt themselves);"
                + " a timestamp that rises with every run"),
        new FirestoreFieldConfig(project, collection, FirestoreCodec.PAYLOAD, false,
            "the document's JSON, up to about 1 MiB; never queried"),
        new FirestoreFieldConfig(project, collection, FirestoreCodec.CONTENT_HASH, false,
            "a 64-character hash; never queried"),
        new FirestoreFieldConfig(project, collection, FirestoreCodec.COMPUTED_AT, false,
            "a timestamp that rises with every run"),
        new FirestoreFieldConfig(project, collection, FirestoreCodec.AS_OF, false,
            "a timestamp that rises with every run"),
        new FirestoreFieldConfig(project, collection, FirestoreCodec.RUN_ID, false,
            "the same value on every write of a run"));
  }

  /**
   * The run ledger's fields ({@value FirestoreRunLedger#COLLECTION}) in {@code project}. {@code schedule},
   * {@code windowStart} and {@code state} stay indexed: {@code precompute runs} queries them.
   */
  public static List<FirestoreFieldConfig> runsCollection(String project) {
    String runs = FirestoreRunLedger.COLLECTION;
    return List.of(
        new FirestoreFieldConfig(project, runs, FirestoreRunLedger.EXPIRES_AT, true,
            "TTL deletes a window's record " + RunLedger.RETENTION.toDays()
                + " days after the window; a timestamp that rises with every window"),
        new FirestoreFieldConfig(project, runs, FirestoreRunLedger.ATTEMPTS, false,
            "the attempts' JSON; never queried"),
        new FirestoreFieldConfig(project, runs, FirestoreRunLedger.UPDATED_AT, false,
            "a timestamp that rises with every write"));
  }

  /**
   * The dead-letter collection's fields in {@code project}: TTL on {@code expireAt}, and the
   * refused record and the reason, which are never queried and can be long, kept out of the
   * indexes. {@code runId}, {@code job}, {@code collection} and {@code origin} stay indexed for
   * operators' queries.
   */
  public static List<FirestoreFieldConfig> deadLetterCollection(String project, String collection) {
    return List.of(
        new FirestoreFieldConfig(project, collection, FirestoreDeadLetters.EXPIRE_AT, true,
            "TTL deletes a dead letter " + FirestoreDeadLetters.RETENTION.toDays()
                + " days after it was written; a timestamp that rises with every run"),
        new FirestoreFieldConfig(project, collection, "payload", false,
            "the refused record as read, up to its source's size; never queried"),
        new FirestoreFieldConfig(project, collection, "reason", false,
            "why it was refused, a sentence; never queried"));
  }

  /**
   * The invalidation bus's field ({@value FirestoreInvalidationBus#DEFAULT_COLLECTION}) in
   * {@code project}, where {@code serve} instances on a Firestore store send each other the keys
   * to drop. Without a TTL policy every invalidation ever sent stays, each a stored document;
   * {@code at} stays indexed, since the instances listen for documents after a time.
   */
  public static List<FirestoreFieldConfig> invalidationsCollection(String project) {
    return List.of(new FirestoreFieldConfig(project, FirestoreInvalidationBus.DEFAULT_COLLECTION,
        FirestoreInvalidationBus.EXPIRE_AT, true,
        "TTL deletes an invalidation a day after it was sent; a timestamp that rises with every one"));
  }
}
