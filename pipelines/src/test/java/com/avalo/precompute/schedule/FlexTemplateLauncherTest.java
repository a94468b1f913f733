package com.avalo.precompute.schedule;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.RunState;
import com.avalo.precompute.serving.store.StoreSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The Flex Template launcher, on the DirectRunner against the embedded store, with the parameters
 * the golden plan's launch body of {@code counts} carries: the body the plan renders really runs.
 * Only where it reads and writes is changed (there is no Firestore here).
 */
public class FlexTemplateLauncherTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  // Counts ticks every 15 minutes: a launch at 10:20 computes [10:00, 10:15).
  private static final Clock AT_10_20 = Clock.fixed(Instant.parse("2026-11-20T10:20:00Z"), ZoneOffset.UTC);
  private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
  private Path db;

  @Before
  public void store() {
    db = dir.getRoot().toPath().resolve("cache.db");
  }

  /** The golden launch body's parameters as the launcher receives them, where to read and write replaced. */
  private List<String> bodyArgs(String... more) throws Exception {
    JsonNode plan = Json.read(Files.readString(Path.of("src/test/resources/schedules/golden/plan.json")));
    JsonNode counts = null;
    for (JsonNode schedule : plan.get("schedules")) {
      if (schedule.get("name").asText().equals("counts")) {
        counts = schedule.at("/body/launchParameter/parameters");
      }
    }
    Map<String, String> replaced = Map.of("source", "files", "store", "sqlite:" + db,
        "stateLocation", db.resolveSibling("state").toString());
    List<String> args = new ArrayList<>();
    counts.fields().forEachRemaining(field -> args.add("--" + field.getKey() + "="
        + replaced.getOrDefault(field.getKey(), field.getValue().asText())));
    args.add("--input=src/test/resources/fixtures/small");
    args.add("--runner=DirectRunner");
    args.addAll(List.of(more));
    return args;
  }

  private record Launch(int exitCode, String out, String err) {}

  private static Launch launch(List<String> args) {
    return launch(args, AT_10_20);
  }

  private static Launch launch(List<String> args, Clock clock) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FlexTemplateLauncher.launch(args, clock, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Launch(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void theGoldenBodyRunsItsLatestWindowOnceAndThePipelineRecordsItsOwnSuccess() throws Exception {
    Launch first = launch(bodyArgs());
    assertEquals(first.err(), 0, first.exitCode());
    assertThat(first.out(), startsWith("schedule 'counts' window [2026-11-20T10:00:00Z, 2026-11-20T10:15:00Z):"
        + " attempt 1 holds the lease until 2026-11-20T11:20:00Z; submitted run counts-"));

    LedgerAttempt attempt;
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      attempt = ledger.get("counts", START).orElseThrow().latest();
    }
    // The launcher did not wait: the success and its counts are the pipeline's own last step's.
    assertEquals(RunState.SUCCEEDED, attempt.state());
    assertTrue(attempt.counts().documentsWritten() > 0);
    assertNull("records read are known only to a launcher that waits", attempt.counts().recordsRead());
    assertEquals("flex template launcher", attempt.leaseOwner().substring(0, "flex template launcher".length()));
    try (CacheStore store = StoreSpec.sqlite(db).openExisting()) {
      List<String> keys = store.keysWithPrefix("count:", 1000);
      assertEquals(attempt.counts().documentsWritten().longValue(), keys.size());
      for (CacheDocument document : store.getAll(keys).values()) {
        assertEquals(Instant.parse("2026-11-20T10:15:00Z"), document.asOf());
        // The golden body's expiryTicks (3): the third quarter hour after 10:15, plus 30 minutes.
        assertEquals(Instant.parse("2026-11-20T11:30:00Z"), document.expiresAt());
      }
    }

    Launch again = launch(bodyArgs());
    assertEquals(again.err(), 0, again.exitCode());
    assertThat(again.out(), containsString("already succeeded at " + attempt.finishedAt()));
  }

  @Test
  public void aLaunchThatOnlyCreatesTheTemplateJobExitsZeroWithoutAskingItsResultAnything()
      throws Exception {
    // In a Flex Template launch Dataflow's runner returns a result that throws on every call.
    List<String> args = new ArrayList<>(bodyArgs());
    args.replaceAll(arg -> arg.equals("--runner=DirectRunner")
        ? "--runner=" + TemplateCreatingRunner.class.getName() : arg);
    Launch launch = launch(args);
    assertEquals(launch.err(), 0, launch.exitCode());
    assertEquals("", launch.err());
    assertThat(launch.out(), startsWith("schedule 'counts' window [2026-11-20T10:00:00Z,"
        + " 2026-11-20T10:15:00Z): attempt 1 holds the lease until 2026-11-20T11:20:00Z;"
        + " submitted run counts-"));
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      // Nothing ran here: the window stays leased to the job Dataflow starts from the graph.
      assertEquals(RunState.RUNNING, ledger.get("counts", START).orElseThrow().latest().state());
    }
    // No process of ours outlives the launch, so Dataflow itself stops the job when the lease
    // (until 11:20, taken at 10:20) runs out.
    assertEquals(List.of("max_workflow_runtime_walltime_seconds=3600"),
        TemplateCreatingRunner.lastRunOptions.as(DataflowPipelineOptions.class).getDataflowServiceOptions());
  }

  /**
   * A Dataflow job that fails records nothing, its launcher having left: a later launch of the
   * schedule, once the lease has run out, records the window as failed instead of leaving it
   * RUNNING for good. A window whose lease still runs is left alone.
   */
  @Test
  public void aLaterLaunchRecordsAWindowWhoseLeaseRanOutWithNoOutcomeAsFailed() throws Exception {
    List<String> args = new ArrayList<>(bodyArgs());
    args.replaceAll(arg -> arg.equals("--runner=DirectRunner")
        ? "--runner=" + TemplateCreatingRunner.class.getName() : arg);
    assertEquals(0, launch(args).exitCode()); // 10:20: window 10:00, leased until 11:20
    Instant quarterToEleven = Instant.parse("2026-11-20T10:45:00Z");
    assertEquals(0, launch(args, Clock.fixed(Instant.parse("2026-11-20T11:05:00Z"), ZoneOffset.UTC))
        .exitCode()); // window 10:45, leased until 12:05
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      assertEquals("its lease still runs", RunState.RUNNING,
          ledger.get("counts", START).orElseThrow().latest().state());
    }

    Launch later = launch(args, Clock.fixed(Instant.parse("2026-11-20T11:35:00Z"), ZoneOffset.UTC));
    assertEquals(later.err(), 0, later.exitCode());
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      LedgerAttempt lapsed = ledger.get("counts", START).orElseThrow().latest();
      assertEquals(RunState.FAILED, lapsed.state());
      assertThat(lapsed.failureReason(), startsWith("lease expired at 2026-11-20T11:20:00Z with no"
          + " outcome recorded: the run failed, was cancelled or was stopped where nothing could"
          + " record it (on Dataflow, see the job of run " + lapsed.runId() + "); found by the"
          + " launch of window 2026-11-20T11:15:00Z"));
      assertEquals(RunState.RUNNING,
          ledger.get("counts", quarterToEleven).orElseThrow().latest().state());
    }
  }

  /**
   * A window named by hand, older than one that succeeded, is refused as {@code run --schedule}
   * refuses it without --force: the counts job writes the state as of the run, so it would put
   * older counts back over newer ones.
   */
  @Test
  public void aWindowNamedByHandOlderThanOneThatSucceededIsRefused() throws Exception {
    List<String> args = new ArrayList<>(bodyArgs());
    args.replaceAll(arg -> arg.equals("--runner=DirectRunner")
        ? "--runner=" + TemplateCreatingRunner.class.getName() : arg);
    assertEquals(0, launch(args).exitCode());
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      LedgerRecord newer = ledger.get("counts", START).orElseThrow();
      assertTrue(ledger.succeed(AttemptKey.of(newer, newer.latest()), RunCounts.NONE,
          Instant.parse("2026-11-20T10:25:00Z")));
    }
    args.add("--window=2026-11-20T09:45:00Z");
    Launch older = launch(args);
    assertOneError(older, "error: window 2026-11-20T09:45:00Z of schedule 'counts' is older than"
        + " window 2026-11-20T10:00:00Z, which succeeded; its jobs write the state as of the run,"
        + " so it would put older documents back over newer ones. Run the latest window (leave the"
        + " window parameter out), or rerun this one with 'precompute run --schedule counts"
        + " --window 2026-11-20T09:45:00Z --force'");
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      assertTrue("no lease taken", ledger.get("counts", Instant.parse("2026-11-20T09:45:00Z"))
          .isEmpty());
    }
  }

  @Test
  public void badParametersAreOneErrorLineExitTwoAndWriteNothing() throws Exception {
    assertOneError(launch(bodyArgs("--window=yesterday")),
        "error: --window 'yesterday' is not an RFC 3339 instant");
    assertOneError(launch(bodyArgs("--window=2026-11-20T10:05:00Z")),
        "error: --window of schedule 'counts': window start 2026-11-20T10:05:00Z is not a tick");
    List<String> noCron = new ArrayList<>(bodyArgs());
    noCron.removeIf(arg -> arg.startsWith("--scheduleCron="));
    assertOneError(launch(noCron), "error: missing launch parameter --scheduleCron: The schedule's cron");
    List<String> badJob = new ArrayList<>(bodyArgs());
    badJob.replaceAll(arg -> arg.equals("--jobs=counts") ? "--jobs=count" : arg);
    assertOneError(launch(badJob), "error: unknown job 'count'");
    assertOneError(launch(bodyArgs("--asOf=2026-11-20")), "error: a scheduled run is computed as of"
        + " its window's end");
    assertOneError(launch(bodyArgs("--dataflowServiceOptions=max_workflow_runtime_walltime_seconds=1h")),
        "error: --dataflowServiceOptions=max_workflow_runtime_walltime_seconds=1h: the run time must"
        + " be a positive whole number of seconds");
    assertFalse("nothing was written", Files.exists(db));
  }

  private static void assertOneError(Launch launch, String start) {
    assertEquals(launch.err(), 2, launch.exitCode());
    assertThat(launch.err(), startsWith(start));
    assertEquals(launch.err(), 1, launch.err().lines().count());
    assertEquals("", launch.out());
  }
}
