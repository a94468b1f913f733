package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.LedgerAttempt;
import com.avalo.precompute.serving.store.LedgerRecord;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.RunState;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Launches of one window in JVMs of their own, against a store: two at once (exactly one runs,
 * the other says "already", the ledger holds one success, the documents are a single run's), and
 * one killed with {@code kill -9} mid-write (a later launch takes the window over once the lease
 * runs out, and the documents are a clean run's). The clean run is one in-process run into an
 * embedded store; the documents compared are keys with content hash, snapshot time and expiry.
 */
public abstract class ScheduledLaunchesContract {
  @ClassRule public static final TemporaryFolder SHARED = new TemporaryFolder();
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  static final String WINDOW = "2026-11-20T10:00:00Z";
  static final String EVERY_10_MINUTES = "*/10 * * * *";
  static final Instant START = Instant.parse(WINDOW);
  /** What the profiles job writes. */
  private static final List<String> PREFIXES = List.of("user:", "post:", "media:");
  private static Path seed;
  private static Map<String, String> clean;
  /** The shared folder {@link #clean} was made in: each test class gets a new one. */
  private static Path cleanMadeIn;

  /** The store of this test, fresh: its {@code --store} flags. */
  protected abstract List<String> storeArgs();

  /** This test's store. */
  protected abstract StoreSpec store();

  /** How many cache documents this test's store holds now. */
  protected abstract long countDocuments() throws Exception;

  /** A seed, and the documents one clean launch of the window writes: made once for all tests. */
  static synchronized Map<String, String> clean() throws Exception {
    if (clean == null || !SHARED.getRoot().toPath().equals(cleanMadeIn)) {
      cleanMadeIn = SHARED.getRoot().toPath();
      seed = SHARED.newFolder("seed").toPath();
      CliRuns.Result seeded = CliRuns.run("seed", "--users", "150", "--seed", "7", "--out", seed.toString());
      assertEquals(seeded.err(), 0, seeded.exitCode());
      Path db = SHARED.getRoot().toPath().resolve("clean.db");
      CliRuns.Result run = CliRuns.run(launchArgs(shared("clean", "PT10M"), List.of("--store=sqlite:" + db))
          .toArray(String[]::new));
      assertEquals(run.err(), 0, run.exitCode());
      clean = documents(StoreSpec.sqlite(db));
      assertTrue("the seed yields documents: " + clean.size(), clean.size() > 100);
    }
    return clean;
  }

  /**
   * A schedules file in {@code dir} whose one schedule runs profiles on {@code cron} with a lease
   * of {@code lease}.
   */
  static Path schedules(Path dir, String name, String cron, String lease) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, String.join("\n",
        "deployment:",
        "  name: avalo-precompute",
        "  templateSpec: gs://it-dataflow/templates/avalo-precompute.json",
        "  image: europe-west1-docker.pkg.dev/it/precompute/avalo-precompute:latest",
        "  schedulerServiceAccount: scheduler@it.iam.gserviceaccount.com",
        "schedules:",
        "  - name: profiles",
        "    cron: \"" + cron + "\"",
        "    source: files",
        "    input: gs://it/seed",
        "    store: firestore",
        "    firestoreProject: it",
        "    expiryGrace: PT30M",
        "    maxRunTime: " + lease,
        "    environment:",
        "      region: europe-west1",
        "      maxWorkers: 1",
        "      machineType: n2-standard-2",
        "      serviceAccount: runner@it.iam.gserviceaccount.com",
        "      tempLocation: gs://it-dataflow/temp",
        "    jobs:",
        "      profiles: {}",
        ""));
    return file;
  }

  /** {@link #schedules} every 10 minutes, in the folder the tests share. */
  private static Path shared(String name, String lease) throws Exception {
    return schedules(SHARED.getRoot().toPath(), name, EVERY_10_MINUTES, lease);
  }

  static List<String> launchArgs(Path schedules, List<String> store) {
    List<String> args = new ArrayList<>(List.of("run", "profiles", "--schedule", "profiles",
        "--schedules", schedules.toString(), "--window", WINDOW, "--input", seed.toString(),
        // The DirectRunner writes as it goes, so a kill lands mid-write; embedded Flink writes an
        // SQLite store in one batch at the end.
        "--runner=DirectRunner"));
    args.addAll(store);
    return args;
  }

  /** Every document of the profiles job in {@code spec}: key to content hash, as-of and expiry. */
  static Map<String, String> documents(StoreSpec spec) {
    Map<String, String> documents = new TreeMap<>();
    try (CacheStore store = spec.openExisting()) {
      for (String prefix : PREFIXES) {
        for (CacheDocument document : store.getAll(store.keysWithPrefix(prefix, 1_000_000)).values()) {
          documents.put(document.key(), document.contentHash() + " " + document.asOf() + " "
              + document.expiresAt());
        }
      }
    }
    return documents;
  }

  private LedgerRecord record() {
    try (RunLedger ledger = store().openLedger()) {
      return ledger.get("profiles", START).orElseThrow();
    }
  }

  @Test
  public void ofTwoLaunchesAtOnceExactlyOneRunsAndTheOtherSaysAlready() throws Exception {
    Map<String, String> expected = clean();
    List<String> args = launchArgs(shared("concurrent", "PT10M"), storeArgs());
    Path logs = dir.getRoot().toPath();
    CliProcess first = CliProcess.start(logs, "first", args);
    CliProcess second = CliProcess.start(logs, "second", args);
    assertEquals(first.err(), 0, first.waitFor(5));
    assertEquals(second.err(), 0, second.waitFor(5));

    List<CliProcess> ran = new ArrayList<>();
    for (CliProcess launch : List.of(first, second)) {
      if (launch.err().contains("attempt 1 holds the lease")) {
        ran.add(launch);
        assertThat(launch.out(), containsString("attempt 1 SUCCEEDED"));
      } else {
        assertThat(launch.out() + launch.err(), launch.out(), containsString(
            "schedule 'profiles' window [2026-11-20T10:00:00Z, 2026-11-20T10:10:00Z): already "));
      }
    }
    assertEquals("exactly one launch ran the pipeline", 1, ran.size());
    LedgerRecord record = record();
    assertEquals(1, record.attempts().size());
    assertEquals(RunState.SUCCEEDED, record.state());
    assertEquals(expected, documents(store()));
  }

  @Test
  public void aLaunchKilledMidWriteIsTakenOverOnceItsLeaseRunsOut() throws Exception {
    Map<String, String> expected = clean();
    List<String> args = launchArgs(shared("killed", "PT60S"), storeArgs());
    Path logs = dir.getRoot().toPath();
    CliProcess victim = CliProcess.start(logs, "victim", args);
    long partial = 0;
    for (long polls = 0; partial == 0; polls++) {
      assertTrue("the victim ended before writing: " + victim.out() + victim.err(), victim.isAlive());
      assertTrue("no document written in 10 minutes", polls < 60_000);
      Thread.sleep(10);
      partial = countDocuments();
    }
    victim.freeze();
    victim.kill();
    partial = countDocuments();
    assertTrue("killed mid-write: " + partial + " of " + expected.size(), partial < expected.size());

    LedgerAttempt dead = record().latest();
    assertEquals(RunState.RUNNING, dead.state());
    if (Instant.now().plusSeconds(20).isBefore(dead.leaseUntil())) {
      // While the lease holds, a launch leaves the window alone (skipped on a machine so slow
      // that the lease runs out first: the contract tests cover it without a clock).
      CliRuns.Result early = CliRuns.run(args.toArray(String[]::new));
      assertEquals(early.err(), 0, early.exitCode());
      assertThat(early.out(), containsString("already running since " + dead.startedAt()));
    }
    while (Instant.now().isBefore(dead.leaseUntil().plusMillis(200))) {
      Thread.sleep(200);
    }
    CliProcess later = CliProcess.start(logs, "later", args);
    assertEquals(later.err(), 0, later.waitFor(5));
    assertThat(later.err(), containsString("attempt 2 holds the lease until"));
    assertThat(later.err(), containsString("took over attempt 1, whose lease ran out at " + dead.leaseUntil()));

    LedgerRecord record = record();
    assertEquals(List.of(RunState.FAILED, RunState.SUCCEEDED),
        record.attempts().stream().map(LedgerAttempt::state).toList());
    assertThat(record.attempts().get(0).failureReason(), containsString("lease expired at " + dead.leaseUntil()));
    assertEquals(expected, documents(store()));
  }
}
