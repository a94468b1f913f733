package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.StoreSpec;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreIO;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes dead letters where someone will look: NDJSON files for runs on the embedded store, a
 * Firestore collection for Firestore runs (one document per letter, id derived from run, origin and
 * reason, so a rerun overwrites rather than duplicates).
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  private final StoreSpec store;
  private final PrecomputeOptions options;
  private final String runId;

  private WriteDeadLetters(StoreSpec store, PrecomputeOptions options, String runId) {
    this.store = store;
    this.options = options;
    this.runId = runId;
  }

  public static WriteDeadLetters to(StoreSpec store, PrecomputeOptions options, String runId) {
    return new WriteDeadLetters(store, options, runId);
  }

  /** The directory dead-letter files of a local run go to. */
  public static Path localDirectory(StoreSpec store, PrecomputeOptions options) {
    if (!options.getDeadLetterDir().isBlank()) {
      return Path.of(options.getDeadLetterDir()).toAbsolutePath();
    }
    if (store.kind() == StoreSpec.Kind.SQLITE) {
      return Path.of(store.sqlitePath()).toAbsolutePath().getParent().resolve("dead-letters");
    }
    return Path.of("out", "dead-letters").toAbsolutePath();
  }

  @Override
  public PDone expand(PCollection<DeadLetter> letters) {
    if (store.kind() == StoreSpec.Kind.FIRESTORE) {
      String collectionPath = "projects/" + store.project() + "/databases/(default)/documents/"
          + options.getDeadLetterCollection() + "/";
      String run = runId;
      letters
          .apply("ToFirestoreWrites", MapElements.into(TypeDescriptor.of(Write.class))
              .via((DeadLetter letter) -> toWrite(collectionPath, run, letter)))
          .apply("BatchWrite", FirestoreIO.v1().write().batchWrite().withRpcQosOptions(
              RpcQosOptions.newBuilder().withHintMaxNumWorkers(FirestoreWorkers.hint(options))
                  .build()).build());
      return PDone.in(letters.getPipeline());
    }
    String prefix = localDirectory(store, options).resolve(runId).resolve("dead-letters").toString();
    return letters
        .apply("ToJsonLines", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::toJson))
        .apply("WriteFiles", TextIO.write().to(prefix).withSuffix(".ndjson").withNumShards(1));
  }

  static Write toWrite(String collectionPath, String runId, DeadLetter letter) {
    Document.Builder document = Document.newBuilder()
        .setName(collectionPath + id(runId, letter))
        .putFields("runId", string(runId))
        .putFields("job", string(letter.job()))
        .putFields("collection", string(letter.collection()))
        .putFields("origin", string(letter.origin()))
        .putFields("reason", string(letter.reason()))
        .putFields("payload", string(letter.payload() == null ? "" : letter.payload()));
    return Write.newBuilder().setUpdate(document).build();
  }

  private static String id(String runId, DeadLetter letter) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (runId + "\n" + letter.origin() + "\n" + letter.reason()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Value string(String value) {
    return Value.newBuilder().setStringValue(value).build();
  }
}
