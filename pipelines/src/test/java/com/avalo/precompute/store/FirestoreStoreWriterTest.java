package com.avalo.precompute.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.store.FirestoreCodec;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.rpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1.WriteFailure;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Test;

/** The Firestore writer's writes, checked without Firestore (the emulator test writes them). */
public class FirestoreStoreWriterTest {
  private static final FirestoreStoreSpec SPEC = StoreSpec.firestore("p1", null);

  @Test
  public void aPutCarriesServingsLayoutAndADeleteTheDocumentsName() {
    CacheDocument document = tokens("ana");
    Write put = FirestoreStoreWriter.toWrite(SPEC, CacheWrite.put(document));
    assertEquals("projects/p1/databases/(default)/documents/precompute_cache/user:ana:tokens",
        put.getUpdate().getName());
    assertEquals(FirestoreCodec.toValues(document), put.getUpdate().getFieldsMap());

    Write delete = FirestoreStoreWriter.toWrite(SPEC, CacheWrite.delete("feed:ana:3"));
    assertEquals("projects/p1/databases/(default)/documents/precompute_cache/feed:ana:3",
        delete.getDelete());
  }

  @Test
  public void aStoreOnAnEmulatorThePipelineDoesNotUseIsRefusedWhileBuilding() {
    RunSettings settings = RunSettings.writingTo(StoreSpec.firestore("p1", "127.0.0.1:1"));
    Pipeline pipeline = Pipeline.create(PrecomputeRunner.parseOptions(List.of()));
    StoreWriter writer = StoreWriters.forRun(settings, PrecomputeRunner.parseOptions(List.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pipeline.apply(Create.of(CacheWrite.put(tokens("ana"))))
            .apply(WriteCacheDocuments.to(writer)));
    assertTrue(e.getMessage(), e.getMessage().contains("--emulatorHost=null disagree"));
  }

  /**
   * A write Firestore refused was counted as written when it was handed over and not counted as a
   * dead letter: a run with refused writes read "dead-lettered: 0" beside the letters it wrote.
   */
  @Test
  public void aRefusedWriteIsCountedAsADeadLetterAndNotAsWritten() {
    Status refusal = Status.newBuilder().setCode(3).setMessage("too big").build();
    List<WriteFailure> failures = List.of(
        new WriteFailure(FirestoreStoreWriter.toWrite(SPEC, CacheWrite.put(tokens("ana"))),
            WriteResult.getDefaultInstance(), refusal),
        new WriteFailure(FirestoreStoreWriter.toWrite(SPEC, CacheWrite.delete("feed:ana:3")),
            WriteResult.getDefaultInstance(), refusal));
    Pipeline pipeline = Pipeline.create(PrecomputeRunner.parseOptions(List.of()));
    pipeline.apply(Create.of(failures).withCoder(SerializableCoder.of(WriteFailure.class)))
        .apply(ParDo.of(new FirestoreStoreWriter.FailureToDeadLetterFn()))
        .setCoder(RecordCoder.of(DeadLetter.class));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Map<String, Long> counted = new TreeMap<>();
    for (var counter : result.metrics().queryMetrics(MetricsFilter.builder().build())
        .getCounters()) {
      counted.merge(counter.getName().getNamespace() + "/" + counter.getName().getName(),
          counter.getAttempted(), Long::sum);
    }
    assertEquals(Map.of("dead_lettered/cache", 2L, WriteCounters.WRITTEN + "/user-stats", -1L,
        WriteCounters.DELETED + "/all", -1L), counted);
  }

  static CacheDocument tokens(String uid) {
    // Whole microseconds: Firestore keeps timestamps to the microsecond.
    Instant asOf = Instant.parse("2026-11-20T00:00:00.123456Z");
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", asOf, asOf), asOf.plusSeconds(3600));
  }
}
