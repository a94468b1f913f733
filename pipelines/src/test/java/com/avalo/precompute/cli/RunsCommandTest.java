package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.AttemptKey;
import com.avalo.precompute.serving.store.DeadLetterCount;
import com.avalo.precompute.serving.store.Lease;
import com.avalo.precompute.serving.store.LeaseRequest;
import com.avalo.precompute.serving.store.RunCounts;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code precompute runs}: the ledger as a table and as JSON. */
public class RunsCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private static final Instant T0 = Instant.parse("2026-11-20T10:10:02Z");
  private Path db;

  @Before
  public void ledger() {
    db = dir.getRoot().toPath().resolve("cache.db");
    StoreSpec.sqlite(db).open().close();
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      AttemptKey chats = granted(ledger, "chats", "2026-11-20T10:00:00Z", "run-c1", T0);
      ledger.succeed(chats, new RunCounts(new TreeMap<>(Map.of("chats", 3L, "users", 4L)), 5L, 40L, 1L,
          List.of(new DeadLetterCount("users", "malformed JSON", 2, "malformed JSON: x"))), 0.0000092,
          List.of("out/cache.db.state/manifests/chats/run-c1/manifest.json"), T0.plusMillis(12_300));
      AttemptKey counts = granted(ledger, "counts", "2026-11-20T10:00:00Z", "run-n1", T0);
      ledger.fail(counts, "no users.ndjson in --input=out/seed", T0.plusSeconds(2));
      granted(ledger, "counts", "2026-11-20T10:00:00Z", "run-n2", T0.plusSeconds(60));
    }
  }

  private static AttemptKey granted(RunLedger ledger, String schedule, String start, String runId, Instant now) {
    Instant from = Instant.parse(start);
    Lease.Granted lease = (Lease.Granted) ledger.acquire(new LeaseRequest(schedule, from,
        from.plus(Duration.ofMinutes(10)), runId, "test", List.of(schedule), from.plus(Duration.ofMinutes(10)),
        now, Duration.ofMinutes(30), false));
    return AttemptKey.of(lease.record(), lease.attempt());
  }

  @Test
  public void theTableHasALinePerWindowWithItsLatestAttempt() {
    CliRuns.Result result = CliRuns.run("runs", "--store=sqlite:" + db);
    assertEquals(result.err(), 0, result.exitCode());
    assertEquals(List.of(
        "SCHEDULE  WINDOW                STATE      ATTEMPT  STARTED               DURATION                          READ  WRITTEN  UNCHANGED  DELETED  DEAD LETTERS       COST",
        "chats     2026-11-20T10:00:00Z  SUCCEEDED        1  2026-11-20T10:10:02Z  12.3 s                               7        5         40        1             2  $0.000009",
        "counts    2026-11-20T10:00:00Z  RUNNING          2  2026-11-20T10:11:02Z  lease until 2026-11-20T10:41:02Z     -        -          -        -             -          -"),
        result.out().lines().toList());
    CliRuns.Result one = CliRuns.run("runs", "--store=sqlite:" + db, "--schedule=chats", "--last=1");
    assertEquals(2, one.out().lines().count());
  }

  /**
   * A daily window starts a day before it runs: by then many ten-minute windows of other schedules
   * have started after it, and it must still be listed.
   */
  @Test
  public void aDailyWindowIsListedBehindManyTenMinuteWindows() {
    try (RunLedger ledger = StoreSpec.sqlite(db).openLedger()) {
      granted(ledger, "profiles", "2026-11-19T00:00:00Z", "run-p1", T0);
      // More than a day of ten-minute windows of the bundled schedules (about 460 a day).
      for (int window = 1; window <= 600; window++) {
        granted(ledger, "chats", T0.plus(Duration.ofMinutes(10L * window)).toString(),
            "run-c" + (window + 1), T0);
      }
    }

    CliRuns.Result result = CliRuns.run("runs", "--store=sqlite:" + db);

    assertEquals(result.err(), 0, result.exitCode());
    assertThat(result.out(), containsString("profiles  2026-11-19T00:00:00Z"));
    assertThat(result.out(), containsString("counts    2026-11-20T10:00:00Z"));
    assertEquals("the 20 newest windows of chats", 20,
        result.out().lines().filter(line -> line.startsWith("chats ")).count());
  }

  @Test
  public void jsonHasEveryAttempt() {
    CliRuns.Result result = CliRuns.run("runs", "--store=sqlite:" + db, "--schedule", "counts", "--json");
    assertEquals(result.err(), 0, result.exitCode());
    JsonNode runs = Json.read(result.out());
    assertEquals(1, runs.size());
    JsonNode attempts = runs.get(0).get("attempts");
    assertEquals("FAILED", attempts.get(0).get("state").asText());
    assertEquals("no users.ndjson in --input=out/seed", attempts.get(0).get("failureReason").asText());
    assertEquals("RUNNING", runs.get(0).get("state").asText());
    assertEquals("2026-11-20T10:41:02Z", attempts.get(1).get("leaseUntil").asText());
  }

  @Test
  public void noRunsIsSaidAndAMissingStoreIsOneError() {
    assertThat(CliRuns.run("runs", "--store=sqlite:" + db, "--schedule=feeds").out(),
        containsString("no runs recorded of schedule 'feeds' in sqlite:" + db
            + " (table precompute_runs); schedules with recent runs: chats, counts"));
    CliRuns.Result missing = CliRuns.run("runs", "--store=sqlite:" + dir.getRoot().toPath().resolve("nope.db"));
    assertEquals(2, missing.exitCode());
    assertThat(missing.err(), containsString("error: there is no store file at"));
    assertEquals(1, missing.err().lines().count());
  }
}
