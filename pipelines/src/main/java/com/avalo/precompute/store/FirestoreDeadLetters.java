package com.avalo.precompute.store;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.Timestamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1.WriteSuccessSummary;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a run's dead letters to a Firestore collection, one document per distinct letter, its id
 * a hash of the run and every field of the letter, so that a retried bundle overwrites rather than
 * duplicates, while two letters that differ in anything (two copies of one id differ in their
 * payload or rank) stay two documents. Identical letters (a like exported twice, both referring
 * to a deleted user) are one document whose {@code copies} says how many: BatchWrite refuses a
 * request that writes one document twice, and one document for both would undercount them.
 * Outputs BatchWrite's summaries, complete once every letter is written.
 */
public final class FirestoreDeadLetters
    extends PTransform<PCollection<DeadLetter>, PCollection<WriteSuccessSummary>> {
  private final FirestoreStoreSpec collection;
  private final String runId;
  private final RpcQosOptions qos;

  FirestoreDeadLetters(FirestoreStoreSpec collection, String runId, RpcQosOptions qos) {
    this.collection = collection;
    this.runId = runId;
    this.qos = qos;
  }

  @Override
  public PCollection<WriteSuccessSummary> expand(PCollection<DeadLetter> letters) {
    FirestoreStoreSpec target = collection;
    String run = runId;
    return letters
        .apply("KeyByDocumentId", WithKeys.of((DeadLetter letter) -> id(run, letter))
            .withKeyType(TypeDescriptors.strings()))
        .apply("GroupCopies", GroupByKey.create())
        .apply("ToFirestoreWrites", MapElements.into(TypeDescriptor.of(Write.class))
            .via((KV<String, Iterable<DeadLetter>> copies) -> toWrite(target, run,
                copies.getValue().iterator().next(), count(copies.getValue()))))
        // Without a dead-letter queue of its own: a dead letter that cannot be written fails the run.
        .apply("BatchWrite", FirestoreStoreWriter.batchWrite(collection, qos, letters).build());
  }

  /**
   * The field a TTL policy deletes dead letters by (the deploy plan sets one): without it the
   * collection only grew. {@link #RETENTION} after they were written, time to look at them.
   */
  public static final String EXPIRE_AT = "expireAt";

  /** How long a dead letter is kept on Firestore. */
  public static final Duration RETENTION = Duration.ofDays(90);

  static Write toWrite(FirestoreStoreSpec collection, String runId, DeadLetter letter, long copies) {
    Document.Builder document = Document.newBuilder()
        .setName(collection.documentName(id(runId, letter)))
        .putFields("runId", string(runId))
        .putFields("job", string(letter.job()))
        .putFields("collection", string(letter.collection()))
        .putFields("origin", string(letter.origin()))
        .putFields("reason", string(letter.reason()))
        .putFields("payload", string(letter.payload() == null ? "" : letter.payload()))
        .putFields("copies", Value.newBuilder().setIntegerValue(copies).build())
        .putFields(EXPIRE_AT, Value.newBuilder().setTimestampValue(Timestamp.newBuilder()
            .setSeconds(Instant.now().plus(RETENTION).getEpochSecond())).build());
    return Write.newBuilder().setUpdate(document).build();
  }

  /**
   * The document a dead letter is written to: identical letters of a run are one document, with
   * a count of their copies.
   */
  public static String id(String runId, DeadLetter letter) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String field : new String[] {runId, letter.job(), letter.collection(), letter.origin(),
          letter.reason(), letter.payload()}) {
        // Each field behind its length, so that no two lists of fields hash the same text.
        byte[] bytes = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(field == null ? -1 : bytes.length)
            .array());
        digest.update(bytes);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(Iterable<DeadLetter> copies) {
    long count = 0;
    for (DeadLetter ignored : copies) {
      count++;
    }
    return count;
  }

  private static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }
}
