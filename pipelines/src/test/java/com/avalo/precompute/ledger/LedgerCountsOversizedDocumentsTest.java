package com.avalo.precompute.ledger;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.io.RunSummary;
import com.avalo.precompute.serving.store.StoreSpec;
import com.avalo.precompute.source.SourceLines;
import com.avalo.precompute.store.StoreWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The ledger's documents written, tallied inside a real run, agree with the documents the store
 * took when one document is refused as too big before it reaches the store.
 */
public class LedgerCountsOversizedDocumentsTest {
  // The DirectRunner runs the DoFn in this JVM; the tally is read back through this field.
  private static final AtomicLong TALLIED_WRITTEN = new AtomicLong(-1);
  private static final List<PrecomputeJob> PROFILES = Jobs.named(List.of("profiles"));

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final class KeepWritten extends DoFn<RunTally, Void> {
    @ProcessElement
    public void process(@Element RunTally tally) {
      TALLIED_WRITTEN.set(tally.counts().documentsWritten());
    }
  }

  @Test
  public void anOversizedDocumentIsNotTakenOffTheDocumentsWritten() throws Exception {
    Path input = temp.newFolder().toPath();
    String u2 = SourceLines.USER.replace("\"id\":\"u1\"", "\"id\":\"u2\"")
        .replace("\"bio\":\"\"", "\"bio\":\"" + "x".repeat(1_100_000) + "\"");
    String u3 = SourceLines.USER.replace("\"id\":\"u1\"", "\"id\":\"u3\"");
    Files.write(input.resolve("users.ndjson"), List.of(SourceLines.USER, u2, u3));
    for (String empty : List.of("likes", "blocks", "matches", "chats", "messages", "posts",
        "purchases", "spends", "events")) {
      Files.write(input.resolve(empty + ".ndjson"), List.of());
    }
    StoreSpec store = StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db"));
    PrecomputeOptions options =
        PrecomputeRunner.parseOptions(PROFILES, new String[] {"--input=" + input});
    RunSettings settings = RunSettings.writingTo(store)
        .withAsOf(Instant.parse("2026-11-20T00:00:00Z")).withRunId("r1");

    RunSummary summary = PrecomputeRunner.run(PROFILES, options, settings,
        StoreWriters.forRun(settings, options),
        outputs -> PBegin.in(outputs.writes().getPipeline())
            .apply("Tally", new TallyRunOutputs(outputs))
            .apply("KeepWritten", ParDo.of(new KeepWritten())),
        running -> { });

    assertEquals(Long.valueOf(1), summary.deadLettered().get("cache"));
    assertEquals(2, summary.documentsWritten());
    assertEquals(summary.documentsWritten(), TALLIED_WRITTEN.get());
  }
}
