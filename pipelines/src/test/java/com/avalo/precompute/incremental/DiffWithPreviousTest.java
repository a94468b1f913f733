package com.avalo.precompute.incremental;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.OneOffRefresh;
import com.avalo.precompute.io.RefreshPolicy;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** The join of a run's documents with the previous stamps, in a pipeline. */
public class DiffWithPreviousTest {
  private static final Instant NOW = Instant.parse("2026-11-20T06:00:00Z");
  private static final RefreshPolicy REFRESH = new OneOffRefresh(NOW, null);
  private static final Instant STORED_EXPIRY = NOW.plus(Duration.ofMinutes(40));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void putsWhatChangedDeletesWhatVanishedAndStampsWhatTheStoreHolds() {
    CacheDocument same = tokens("ann", 10);
    CacheDocument changed = tokens("bob", 20);
    CacheDocument added = tokens("cat", 30);
    PCollection<DocumentStamp> previous = pipeline.apply("Previous", Create.of(
        stamp("ann", same.contentHash()),
        stamp("bob", tokens("bob", 19).contentHash()),
        stamp("dan", "sha256:gone"))
        .withCoder(RecordCoder.of(DocumentStamp.class)));
    PCollectionTuple diff = pipeline
        .apply("Next", Create.of(CacheWrite.put(same), CacheWrite.put(changed), CacheWrite.put(added))
            .withCoder(CacheWriteCoder.of()))
        .apply(new DiffWithPrevious(previous, noneRefused(), REFRESH, Map.of()));

    PAssert.that(diff.get(DiffWithPrevious.WRITES).apply("Describe", MapElements
            .into(TypeDescriptors.strings()).via((CacheWrite w) -> (w.isDelete() ? "delete " : "put ") + w.key())))
        .containsInAnyOrder("put user:bob:tokens", "put user:cat:tokens", "delete user:dan:tokens");
    PAssert.that(diff.get(DiffWithPrevious.STAMPS)).containsInAnyOrder(
        stamp("ann", same.contentHash()), // as stored: its expiry stays
        DocumentDiff.stampOf(CacheWrite.put(changed)), DocumentDiff.stampOf(CacheWrite.put(added)));
    PAssert.that(diff.get(DiffWithPrevious.DECISIONS)).containsInAnyOrder(
        "user-stats/SKIP", "user-stats/PUT", "user-stats/PUT", "user-stats/DELETE");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aKeyComputedTwiceFailsTheRun() {
    CacheDocument once = tokens("ann", 10);
    pipeline
        .apply("Next", Create.of(CacheWrite.put(once), CacheWrite.put(tokens("ann", 11)))
            .withCoder(CacheWriteCoder.of()))
        .apply(new DiffWithPrevious(pipeline.apply("Previous",
            Create.empty(RecordCoder.of(DocumentStamp.class))), noneRefused(), REFRESH, Map.of()));
    Exception e = org.junit.Assert.assertThrows(Exception.class,
        () -> pipeline.run().waitUntilFinish());
    org.junit.Assert.assertTrue(String.valueOf(e.getMessage()),
        com.google.common.base.Throwables.getCausalChain(e).stream().anyMatch(cause ->
            String.valueOf(cause.getMessage()).contains("user:ann:tokens is computed more than once")));
  }

  /** With nothing stored, every document is put and none waits on an unchanged key. */
  @Test
  public void aFirstRunPutsEveryDocument() {
    PCollectionTuple diff = pipeline
        .apply("Next", Create.of(CacheWrite.put(tokens("ann", 1)), CacheWrite.put(tokens("bob", 2)))
            .withCoder(CacheWriteCoder.of()))
        .apply(new DiffWithPrevious(pipeline.apply("Previous",
            Create.empty(RecordCoder.of(DocumentStamp.class))), noneRefused(), REFRESH, Map.of()));
    PAssert.that(diff.get(DiffWithPrevious.WRITES).apply("Keys", MapElements
            .into(TypeDescriptors.strings()).via(CacheWrite::key)))
        .containsInAnyOrder("user:ann:tokens", "user:bob:tokens");
    PAssert.that(diff.get(DiffWithPrevious.DECISIONS))
        .containsInAnyOrder("user-stats/PUT", "user-stats/PUT");
    pipeline.run().waitUntilFinish();
  }

  /** A refused document is a dead letter; the stored copy it would have replaced stays. */
  @Test
  public void aRefusedKeyKeepsWhatIsStoredAndWritesNothing() {
    CacheDocument stored = tokens("ann", 10);
    PCollection<DocumentStamp> previous = pipeline.apply("Previous", Create.of(
        stamp("ann", stored.contentHash()))
        .withCoder(RecordCoder.of(DocumentStamp.class)));
    PCollection<KV<String, String>> refused = pipeline.apply("Refused", Create.of(
        KV.of(DocumentType.USER_TOKENS.key("ann").value(), "user-stats"),
        KV.of(DocumentType.USER_TOKENS.key("bob").value(), "user-stats")));
    PCollectionTuple diff = pipeline
        .apply("Next", Create.empty(CacheWriteCoder.of()))
        .apply(new DiffWithPrevious(previous, refused, REFRESH, Map.of()));

    PAssert.that(diff.get(DiffWithPrevious.WRITES)).empty();
    PAssert.that(diff.get(DiffWithPrevious.STAMPS))
        .containsInAnyOrder(stamp("ann", stored.contentHash()));
    PAssert.that(diff.get(DiffWithPrevious.DECISIONS))
        .containsInAnyOrder("user-stats/REFUSED", "user-stats/REFUSED");
    pipeline.run().waitUntilFinish();
  }

  private PCollection<KV<String, String>> noneRefused() {
    return pipeline.apply("NoneRefused",
        Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
  }

  private static CacheDocument tokens(String uid, long balance) {
    return CacheDocument.of(DocumentType.USER_TOKENS.key(uid), new TokenBalance(uid, balance, 0, 0, balance),
        new CacheDocument.Provenance("user-stats", "run-2", NOW, NOW),
        REFRESH.expiresAt(DocumentType.USER_TOKENS));
  }

  private static DocumentStamp stamp(String uid, String hash) {
    return new DocumentStamp(DocumentType.USER_TOKENS.key(uid).value(), "user-stats", hash, STORED_EXPIRY,
        DocumentType.USER_TOKENS.schemaVersion());
  }
}
