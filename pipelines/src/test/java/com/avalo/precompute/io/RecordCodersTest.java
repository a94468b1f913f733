package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.Rule;
import org.junit.Test;

/**
 * Cache writes get {@link CacheWriteCoder}, and dead letters {@link RecordCoder}, wherever Beam
 * infers a coder, not only where a job sets one, so every branch that meets in a Flatten has the
 * same coder.
 */
public class RecordCodersTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

  @Test
  public void registryInfersEachRecordsCoder() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertTrue(registry.getCoder(CacheWrite.class) instanceof CacheWriteCoder);
    assertTrue(registry.getCoder(DeadLetter.class) instanceof RecordCoder);
  }

  @Test
  public void inferredCoderRoundTripsPutsDeletesAndDeadLetters() throws Exception {
    Coder<CacheWrite> writes = CoderRegistry.createDefault().getCoder(CacheWrite.class);
    CacheWrite put = CacheWrite.put(tokens());
    CacheWrite delete = CacheWrite.delete("feed:u1:3");
    CacheWrite copy = CoderUtils.clone(writes, put);
    assertEquals(put, copy);
    assertEquals(put.rendered().json(), copy.rendered().json());
    assertEquals(put.document().toJson(), copy.document().toJson());
    assertEquals(put.document().contentHash(), copy.document().recomputeHash());
    assertEquals(delete, CoderUtils.clone(writes, delete));
    assertTrue(CoderUtils.clone(writes, delete).isDelete());
    CacheWrite withheld = put.withheldWithItsList();
    assertEquals(withheld, CoderUtils.clone(writes, withheld));
    assertTrue(CoderUtils.clone(writes, withheld).isWithheld());
    assertEquals(put.rendered().json(), CoderUtils.clone(writes, withheld).rendered().json());
    CacheWrite slot = CacheWrite.withheldSlot("feeds", "feed:u1:4");
    CacheWrite slotCopy = CoderUtils.clone(writes, slot);
    assertEquals(slot, slotCopy);
    assertTrue(slotCopy.isWithheld() && !slotCopy.isDelete());
    assertEquals("feeds", slotCopy.job());
    Coder<DeadLetter> letters = CoderRegistry.createDefault().getCoder(DeadLetter.class);
    DeadLetter letter = DeadLetter.of("user-stats", "likes", "likes.ndjson:3", "no such user", "{}");
    assertEquals(letter, CoderUtils.clone(letters, letter));
  }

  @Test
  public void aTransformThatSetsNoCoderStillGetsTheRecordCoder() {
    PCollection<DeadLetter> letters = pipeline
        .apply(Create.of("users.ndjson:1"))
        .apply(MapElements.into(TypeDescriptor.of(DeadLetter.class))
            .via((String origin) -> DeadLetter.of("profiles", "users", origin, "bad", "{")));
    assertTrue(letters.getCoder() instanceof RecordCoder);
    pipeline.run().waitUntilFinish();
  }

  private static CacheDocument tokens() {
    return CacheDocument.of(DocumentType.USER_TOKENS.key("u1"), new TokenBalance("u1", 10, 4, 0, 6),
        new CacheDocument.Provenance("user-stats", "run-1", T0, T0), T0.plusSeconds(3600));
  }
}
