package com.avalo.precompute.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.store.FirestoreCodec;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.firestore.v1.Write;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
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

  static CacheDocument tokens(String uid) {
    // Whole microseconds: Firestore keeps timestamps to the microsecond.
    Instant asOf = Instant.parse("2026-11-20T00:00:00.123456Z");
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, 100, 10, 30, 60),
        new CacheDocument.Provenance("user-stats", "run-1", asOf, asOf), asOf.plusSeconds(3600));
  }
}
