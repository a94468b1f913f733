package com.avalo.precompute.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.EmulatorFirestore;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * A document written by the pipeline's Firestore writer (FirestoreIO, serving's codec in wire
 * form) reads back through serving's {@code FirestoreCacheStore} as the same document, on the
 * emulator. Skipped when {@code FIRESTORE_EMULATOR_HOST} is unset.
 */
public class FirestoreStoreWriterIT {
  @Rule public EmulatorFirestore emulator = new EmulatorFirestore("writer");

  @Test
  public void whatThePipelineWritesTheStoreReadsBack() {
    FirestoreStoreSpec spec = StoreSpec.firestore(emulator.projectId(), emulator.host());
    CacheDocument tokens = FirestoreStoreWriterTest.tokens("ana");
    CacheDocument page = feedPage("ana", 0);
    CacheDocument stale = feedPage("ana", 1);
    try (CacheStore store = spec.open()) {
      store.write(List.of(stale));
    }

    var options = PrecomputeRunner.parseOptions(List.of(),
        "--firestoreProject=" + emulator.projectId(), "--emulatorHost=" + emulator.host());
    StoreWriter writer = StoreWriters.forRun(RunSettings.writingTo(spec), options);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<com.avalo.precompute.io.DeadLetter> refused = pipeline
        .apply(Create.of(CacheWrite.put(tokens), CacheWrite.put(page), CacheWrite.delete(stale.key())))
        .apply(WriteCacheDocuments.to(writer));
    PAssert.that(refused).empty();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    try (CacheStore store = spec.openExisting()) {
      // As JSON: the payload's numbers read back as the smallest JSON number that holds them.
      assertEquals(tokens.toJson(), store.get(tokens.key()).orElseThrow().toJson());
      assertEquals(page, store.get(page.key()).orElseThrow());
      assertFalse("the delete went through", store.get(stale.key()).isPresent());
    }
    assertEquals(2, counter(result, WriteCounters.WRITTEN));
    assertEquals(1, counter(result, WriteCounters.DELETED));
  }

  @Test
  public void writesToTheStoresDatabaseWhicheverDatabaseTheSourceIsIn() {
    FirestoreStoreSpec spec = StoreSpec.firestore(emulator.projectId(), emulator.host());
    CacheDocument tokens = FirestoreStoreWriterTest.tokens("bo");
    // --firestoreDb names the source's database; FirestoreIO also takes it as a write's default.
    var options = PrecomputeRunner.parseOptions(List.of(),
        "--firestoreProject=" + emulator.projectId(), "--emulatorHost=" + emulator.host(),
        "--firestoreDb=app-source");
    StoreWriter writer = StoreWriters.forRun(RunSettings.writingTo(spec), options);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<com.avalo.precompute.io.DeadLetter> refused = pipeline
        .apply(Create.of(CacheWrite.put(tokens)))
        .apply(WriteCacheDocuments.to(writer));
    PAssert.that(refused).empty();
    pipeline.run().waitUntilFinish();

    try (CacheStore store = spec.openExisting()) {
      assertEquals(tokens.toJson(), store.get(tokens.key()).orElseThrow().toJson());
    }
  }

  @Test
  public void identicalDeadLettersAreOneDocumentThatCountsThem() throws Exception {
    FirestoreStoreSpec spec = StoreSpec.firestore(emulator.projectId(), emulator.host());
    // A like exported twice, both copies referring to a deleted user: the same letter twice.
    com.avalo.precompute.io.DeadLetter repeated = com.avalo.precompute.io.DeadLetter.of("feeds",
        "likes", "likes/l1", "refers to missing user 'u9'", "{\"id\":\"l1\"}");
    com.avalo.precompute.io.DeadLetter other = com.avalo.precompute.io.DeadLetter.of("feeds",
        "likes", "likes/l2", "refers to missing user 'u9'", "{\"id\":\"l2\"}");
    var options = PrecomputeRunner.parseOptions(List.of(),
        "--firestoreProject=" + emulator.projectId(), "--emulatorHost=" + emulator.host());
    StoreWriter writer = StoreWriters.forRun(RunSettings.writingTo(spec), options);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(repeated, repeated, other))
        .apply(writer.writeDeadLetters("run-copies"));
    pipeline.run().waitUntilFinish();

    java.util.Map<String, Long> copiesByOrigin = new java.util.TreeMap<>();
    for (var letter : emulator.client().collection("precompute_dead_letters")
        .whereEqualTo("runId", "run-copies").get().get().getDocuments()) {
      copiesByOrigin.merge(letter.getString("origin"), letter.getLong("copies"), Long::sum);
    }
    assertEquals(java.util.Map.of("likes/l1", 2L, "likes/l2", 1L), copiesByOrigin);
  }

  /** The namespace's counters summed: writes are counted per job, deletes under "all". */
  private static long counter(PipelineResult result, String namespace) {
    long sum = 0;
    for (var counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(namespace)).build()).getCounters()) {
      sum += counter.getAttempted();
    }
    return sum;
  }

  private static CacheDocument feedPage(String uid, int page) {
    Instant asOf = Instant.parse("2026-11-20T00:00:00Z");
    return CacheDocument.of(DocumentType.FEED_PAGE.key(uid, page), new FeedPage(uid, page, 2, 20, 1,
            List.of(new FeedPage.Candidate("bea", "Bea", 29, "Porto", 12, 4, List.of("surf"), 0.9)),
            "v1-" + uid),
        new CacheDocument.Provenance("feeds", "run-1", asOf, asOf.plusMillis(1500)),
        asOf.plusSeconds(21_600));
  }
}
