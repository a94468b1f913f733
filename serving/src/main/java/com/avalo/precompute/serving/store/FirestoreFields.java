package com.avalo.precompute.serving.store;

/**
 * Field names of a cache document in Firestore. The payload is stored as one JSON string so that
 * its arrays and maps are not indexed (automatic array indexing can cost up to 40,000 index
 * entries a document; {@code scripts/firestore-indexes.json} exempts the field as well) and so a
 * non-Java reader parses exactly what the JSON Schema describes. {@code expiresAt} is a Firestore
 * timestamp so that a TTL policy can delete on it.
 */
public final class FirestoreFields {
  public static final String KEY = "key";
  public static final String TYPE = "type";
  public static final String SCHEMA_VERSION = "schemaVersion";
  public static final String JOB = "job";
  public static final String RUN_ID = "runId";
  public static final String AS_OF = "asOf";
  public static final String COMPUTED_AT = "computedAt";
  public static final String EXPIRES_AT = "expiresAt";
  public static final String CONTENT_HASH = "contentHash";
  public static final String PAYLOAD = "payload";

  private FirestoreFields() {}
}
