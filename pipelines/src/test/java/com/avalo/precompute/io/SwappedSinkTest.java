package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.store.StoreWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The runner writes through the {@link StoreWriter} it is handed, as a DataflowTemplates
 * template's {@code run} writes through the transform it is given: a test swaps the sink and sees
 * every write the store would have had, and the store the settings name is never touched.
 */
public class SwappedSinkTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<PrecomputeJob> PROFILES = List.of(new ProfilesJob());
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");

  @Test
  public void aSwappedSinkReceivesWhatTheStoreWouldHaveAndTheStoreIsUntouched() {
    Path db = temp.getRoot().toPath().resolve("cache.db");
    PrecomputeRunner.run(PROFILES, options(), RunSettings.writingTo(StoreSpec.sqlite(db))
        .withAsOf(AS_OF).withRunId("stored"));
    List<String> storedKeys;
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      storedKeys = store.keysWithPrefix("", 1000);
    }
    assertTrue("the fixture yields profile cards", storedKeys.contains("user:alice01"));

    Path untouched = temp.getRoot().toPath().resolve("untouched.db");
    RunSummary summary = PrecomputeRunner.run(PROFILES, options(),
        RunSettings.writingTo(StoreSpec.sqlite(untouched)).withAsOf(AS_OF).withRunId("swapped"),
        new CheckedSink(storedKeys, temp.getRoot().toPath().resolve("swapped-state").toString()));

    assertFalse("the named store was not even opened", Files.exists(untouched));
    assertEquals("checked sink", summary.store());
    assertEquals("nowhere/swapped", summary.deadLetterLocation());
    assertEquals(0, summary.totalDeadLettered());
  }

  private PrecomputeOptions options() {
    return PrecomputeRunner.parseOptions(PROFILES, "--input=src/test/resources/fixtures/small");
  }

  /** Asserts, inside the pipeline, that it receives puts of exactly {@code expectedKeys}. */
  private static final class CheckedSink implements StoreWriter {
    private final List<String> expectedKeys;
    private final String stateLocation;

    CheckedSink(List<String> expectedKeys, String stateLocation) {
      this.expectedKeys = expectedKeys;
      this.stateLocation = stateLocation;
    }

    @Override
    public void checkReachable() {}

    @Override
    public PTransform<PBegin, PCollection<DocumentStamp>> readStamps(String job) {
      return new NothingStored();
    }

    @Override
    public String defaultStateLocation() {
      return stateLocation;
    }

    @Override
    public Set<String> holding(List<String> keys) {
      return Set.of(); // it stores nothing, as readStamps says
    }

    @Override
    public java.util.Map<String, LastWriter> lastWriters(List<String> jobs) {
      return java.util.Map.of();
    }

    @Override
    public java.util.Optional<LastWriter> markWriting(java.util.Map<String, LastWriter> seen,
        List<LastWriter> marks) {
      return java.util.Optional.empty();
    }

    @Override
    public PTransform<PCollection<String>, PCollection<String>> markOverlappedJobs(
        List<LastWriter> ours) {
      return PTransform.compose((PCollection<String> checked) -> checked.apply("NoMarks",
          org.apache.beam.sdk.transforms.MapElements
              .into(org.apache.beam.sdk.values.TypeDescriptors.strings()).via((String e) -> e)));
    }

    @Override
    public PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> writeDocuments() {
      return new ExpectPuts(expectedKeys);
    }

    @Override
    public PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> writeDeadLetters(String runId) {
      return new ExpectNoLetters();
    }

    @Override
    public String deadLetterLocation(String runId) {
      return "nowhere/" + runId;
    }

    @Override
    public String describe() {
      return "checked sink";
    }
  }

  private static final class ExpectPuts
      extends PTransform<PCollection<CacheWrite>, PCollection<DeadLetter>> {
    private final List<String> expectedKeys;

    ExpectPuts(List<String> expectedKeys) {
      this.expectedKeys = expectedKeys;
    }

    @Override
    public PCollection<DeadLetter> expand(PCollection<CacheWrite> writes) {
      PAssert.that(writes.apply("PutKeys", MapElements.into(TypeDescriptors.strings())
              .via(SwappedSinkTest::putKey)))
          .containsInAnyOrder(expectedKeys);
      return writes.getPipeline().apply("NoFailures",
          Create.empty(RecordCoder.of(DeadLetter.class)));
    }
  }

  private static final class NothingStored extends PTransform<PBegin, PCollection<DocumentStamp>> {
    @Override
    public PCollection<DocumentStamp> expand(PBegin begin) {
      return begin.apply(Create.empty(RecordCoder.of(DocumentStamp.class)));
    }
  }

  private static final class ExpectNoLetters
      extends PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> {
    @Override
    public PCollection<DeadLetter> expand(PCollection<DeadLetter> letters) {
      PAssert.that(letters).empty();
      return letters;
    }
  }

  private static String putKey(CacheWrite write) {
    return (write.isDelete() ? "delete " : "") + write.key();
  }
}
