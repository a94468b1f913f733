package com.avalo.precompute.serving.store;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.Json;
import com.google.cloud.Timestamp;
import com.google.firestore.v1.Value;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one layout of a cache document in Firestore: each envelope field its own Firestore field.
 * The payload is stored as one JSON string so that its arrays and maps are not indexed (automatic
 * array indexing can cost up to 40,000 index entries a document; {@code
 * scripts/firestore.indexes.json} exempts the field as well) and so a non-Java reader parses
 * exactly what the JSON Schema describes. {@code expiresAt} is a Firestore timestamp so that a
 * TTL policy can delete on it.
 *
 * <p>The layout is written once, in Firestore's wire form ({@link #toValues}, the {@code Value}
 * protos FirestoreIO's writes carry); the client library's form ({@link #toClientFields}, used by
 * {@link FirestoreCacheStore}) is converted from it, so both writers store the same fields.
 */
public final class FirestoreCodec {
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

  private FirestoreCodec() {}

  /** The fields of {@code document} in Firestore's wire form. */
  public static Map<String, Value> toValues(CacheDocument document) {
    Map<String, Value> fields = new LinkedHashMap<>();
    fields.put(KEY, string(document.key()));
    fields.put(TYPE, string(document.type()));
    fields.put(SCHEMA_VERSION, Value.newBuilder().setIntegerValue(document.schemaVersion()).build());
    fields.put(JOB, string(document.job()));
    fields.put(RUN_ID, string(document.runId()));
    fields.put(AS_OF, timestamp(document.asOf()));
    fields.put(COMPUTED_AT, timestamp(document.computedAt()));
    fields.put(EXPIRES_AT, timestamp(document.expiresAt()));
    fields.put(CONTENT_HASH, string(document.contentHash()));
    // The canonical bytes, which contentHash is the hash of: Json.write would keep an emoji as it
    // is where the hashed form escapes it, so a reader could not check the hash against the field.
    fields.put(PAYLOAD,
        string(new String(Json.canonicalBytes(document.payload()), StandardCharsets.UTF_8)));
    return fields;
  }

  /** The fields of {@code document} as the client library takes them ({@code DocumentReference.set}). */
  public static Map<String, Object> toClientFields(CacheDocument document) {
    Map<String, Object> fields = new LinkedHashMap<>();
    toValues(document).forEach((name, value) -> fields.put(name, clientValue(value)));
    return fields;
  }

  /**
   * The document whose fields the client library read ({@code DocumentSnapshot.getData()}).
   *
   * @throws IllegalArgumentException when a field is missing or of another type
   */
  public static CacheDocument fromClientFields(Map<String, Object> fields) {
    return new CacheDocument(
        field(fields, KEY, String.class),
        field(fields, TYPE, String.class),
        field(fields, SCHEMA_VERSION, Long.class).intValue(),
        field(fields, JOB, String.class),
        field(fields, RUN_ID, String.class),
        instant(field(fields, AS_OF, Timestamp.class)),
        instant(field(fields, COMPUTED_AT, Timestamp.class)),
        instant(field(fields, EXPIRES_AT, Timestamp.class)),
        field(fields, CONTENT_HASH, String.class),
        Json.read(field(fields, PAYLOAD, String.class)));
  }

  /**
   * The document whose fields are in wire form, as {@link #toValues} makes them.
   *
   * @throws IllegalArgumentException when a field is missing or of another type
   */
  public static CacheDocument fromValues(Map<String, Value> values) {
    Map<String, Object> fields = new LinkedHashMap<>();
    values.forEach((name, value) -> fields.put(name, clientValue(value)));
    return fromClientFields(fields);
  }

  /** The client library's value for a wire value of the kinds a cache document uses. */
  private static Object clientValue(Value value) {
    return switch (value.getValueTypeCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INTEGER_VALUE -> value.getIntegerValue();
      case TIMESTAMP_VALUE -> Timestamp.fromProto(value.getTimestampValue());
      default -> value;
    };
  }

  private static <T> T field(Map<String, Object> fields, String name, Class<T> type) {
    Object value = fields.get(name);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("not a cache document: field '" + name + "' is "
          + (value == null ? "missing" : "a " + value.getClass().getSimpleName())
          + ", not a " + type.getSimpleName());
    }
    return type.cast(value);
  }

  private static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }

  private static Value timestamp(Instant instant) {
    return Value.newBuilder().setTimestampValue(com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond()).setNanos(instant.getNano())).build();
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
