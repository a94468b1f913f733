package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.feeds.FeedsOptions;
import com.avalo.precompute.incremental.StateLock;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.junit.Test;
import picocli.CommandLine;

/** How {@code run} hands its flags to the runner, typed, checked without running a pipeline. */
public class RunCommandTest {

  @Test
  public void theFlagsReachTheRunTypedAndTheRestAsBeamReadsThem() {
    RunCommand run = parse("feeds", "--as-of", "2026-11-20", "--run-id", "r1",
        "--store=firestore:p1", "--emulator-host=127.0.0.1:1", "--source=firestore",
        "--feedPageSize=7", "--freshFor=PT2H");
    PrecomputeOptions options = run.options(Jobs.named(List.of("feeds")));
    RunSettings settings = run.settings(options);

    assertEquals(Instant.parse("2026-11-20T00:00:00Z"), settings.asOf());
    assertEquals("r1", settings.runId());
    assertEquals(new FirestoreStoreSpec("p1", "127.0.0.1:1", FirestoreStoreSpec.DEFAULT_COLLECTION),
        settings.store());
    assertEquals(Duration.ofHours(2), settings.freshFor());
    assertEquals("firestore", options.getSource());
    assertEquals("127.0.0.1:1", options.getEmulatorHost());
    assertEquals(7, options.as(FeedsOptions.class).getFeedPageSize());
  }

  @Test
  public void theDeadLetterDirectoryIsTheEmbeddedStoresOnly() {
    RunCommand local = parse("feeds", "--store=sqlite:cache.db", "--dead-letter-dir=letters");
    assertEquals(Path.of("letters"),
        local.settings(local.options(Jobs.named(List.of("feeds")))).deadLetterDir());
    RunCommand firestore = parse("feeds", "--store=firestore:p1", "--emulator-host=127.0.0.1:1",
        "--dead-letter-dir=letters");
    PrecomputeOptions options = firestore.options(Jobs.named(List.of("feeds")));
    IllegalArgumentException refused = org.junit.Assert.assertThrows(
        IllegalArgumentException.class, () -> firestore.settings(options));
    assertThat(refused.getMessage(), startsWith("--dead-letter-dir is where the embedded store's"));
  }

  @Test
  public void unsetFlagsLeaveTheRunsDefaults() {
    RunCommand run = parse("profiles");
    RunSettings settings = run.settings(run.options(Jobs.named(List.of("profiles"))));
    assertEquals(RunSettings.writingTo(StoreSpec.sqlite(Path.of("out/cache.db"))), settings);
  }

  @Test
  public void theDefaultRunnerIsFlinkInThisJvmWithItsSettings() {
    RunCommand run = parse("profiles");
    FlinkPipelineOptions flink =
        run.options(Jobs.named(List.of("profiles"))).as(FlinkPipelineOptions.class);
    assertEquals(FlinkRunner.class, flink.getRunner());
    assertTrue(flink.getFasterCopy());
    assertTrue(flink.getObjectReuse());
    assertEquals(Runtime.getRuntime().availableProcessors(), flink.getParallelism().intValue());
    assertTrue(flink.getFlinkConfDir(),
        Files.isRegularFile(Path.of(flink.getFlinkConfDir(), "flink-conf.yaml")));

    flink = parse("profiles", "--objectReuse=false", "--flinkConfDir=/etc/flink", "--parallelism=1")
        .options(Jobs.named(List.of("profiles"))).as(FlinkPipelineOptions.class);
    assertFalse(flink.getObjectReuse());
    assertEquals(1, flink.getParallelism().intValue());
    assertEquals("/etc/flink", flink.getFlinkConfDir());
    // A cluster gets its own settings, not the embedded ones.
    flink = parse("profiles", "--flinkMaster=127.0.0.1:8081")
        .options(Jobs.named(List.of("profiles"))).as(FlinkPipelineOptions.class);
    assertFalse(flink.getFasterCopy());
    assertEquals(-1, flink.getParallelism().intValue());
    assertEquals(null, flink.getFlinkConfDir());
  }

  @Test
  public void theDirectRunnerChecksAreOffUnlessTheUserChoosesThem() {
    DirectOptions direct = directOptions("profiles", "--runner=DirectRunner");
    assertFalse(direct.isEnforceImmutability());
    assertFalse(direct.isEnforceEncodability());

    direct = directOptions("profiles", "--runner=DirectRunner", "--enforceImmutability=true");
    assertTrue(direct.isEnforceImmutability());
    assertFalse(direct.isEnforceEncodability());
  }

  @Test
  public void theDirectRunnerIsKnownByItsClassNameAsByItsShortNames() {
    for (String name : List.of("DirectRunner", "direct", "org.apache.beam.runners.direct.DirectRunner")) {
      DirectOptions direct = directOptions("profiles", "--runner=" + name);
      assertEquals(name, DirectRunner.class, direct.getRunner());
      assertFalse(name, direct.isEnforceImmutability());
      assertFalse(name, direct.isEnforceEncodability());
    }
  }

  @Test
  public void aTypedFlinkRunnerStillGetsReIterableGroups() {
    RunCommand run = parse("profiles", "--runner=FlinkRunner");
    PrecomputeOptions options = run.options(Jobs.named(List.of("profiles")));
    assertEquals(FlinkRunner.class, options.getRunner());
    assertTrue(options.as(FlinkPipelineOptions.class).getReIterableGroupByKeyResult());
  }

  @Test
  public void aBeamSpellingOfAnOptionTheCliSetsIsRefusedWithTheFlagToUse() {
    CliRuns.Result result = CliRuns.run("run", "profiles", "--input=src/test/resources/fixtures/small",
        "--asOf=2026-11-20");
    assertEquals(2, result.exitCode());
    assertTrue(result.err(), result.err().contains("use --as-of instead of --asOf"));

    result = CliRuns.run("run", "profiles", "--runId=r1");
    assertEquals(2, result.exitCode());
    assertTrue(result.err(), result.err().contains("use --run-id instead of --runId"));

    result = CliRuns.run("backfill", "analytics", "--from=2026-11-01", "--to=2026-11-02",
        "--periods=week");
    assertEquals(2, result.exitCode());
    assertTrue(result.err(), result.err().contains("use --period instead of --periods"));
  }

  @Test
  public void aJobAlreadyRunningOnTheStoresStateIsRefusedBeforeAnyWork() throws Exception {
    Path store = Files.createTempDirectory("state-lock").resolve("cache.db");
    try (StateLock running = StateLock.acquire(store + ".state", List.of("profiles"), "theirs")) {
      CliRuns.Result result = CliRuns.run("run", "profiles",
          "--input=src/test/resources/fixtures/small", "--store=sqlite:" + store,
          "--as-of=2026-11-20");
      assertEquals(result.err(), 2, result.exitCode());
      assertThat(result.err(), containsString("error: job profiles is running on the same state"
          + " location (run theirs, pid "));
    }
    assertFalse("nothing was written", Files.exists(store));
  }

  @Test
  public void badValuesGiveOneErrorLineAndExitTwo() {
    assertOneErrorLine(CliRuns.run("run", "profiles", "--store=redis:localhost"),
        "error: unknown store 'redis:localhost': use sqlite:PATH");
    assertOneErrorLine(CliRuns.run("run", "profiles", "--as-of=2026-13-45"),
        "error: Invalid value for option '--as-of': '2026-13-45' is neither an RFC 3339 instant");
    assertOneErrorLine(CliRuns.run("run", "profiles", "--runner=Sparc"),
        "error: Invalid value for option '--runner': Unknown 'runner' specified 'Sparc'");
    assertOneErrorLine(CliRuns.run("run", "profiles", "--freshFor=6h"),
        "error: --freshFor: '6h' is not an ISO-8601 duration");
    assertOneErrorLine(CliRuns.run("run", "nothing"), "error: unknown job 'nothing'");
    // Beside 'all' too, wherever it stands: 'run all feedz' ran every job and said nothing.
    assertOneErrorLine(CliRuns.run("run", "all", "nothing", "--input=nowhere"),
        "error: unknown job 'nothing'");
    // Before the run starts (no progress line), under the flag the user typed.
    assertOneErrorLine(CliRuns.run("backfill", "analytics", "--from=2026-11-01", "--to=2026-11-02",
        "--period=fortnight"), "error: --period='fortnight': 'fortnight' is not one of [hour, day,");
    // A short option is no job out of place, and backfill's one job is not 'jobs'.
    assertOneErrorLine(CliRuns.run("run", "profiles", "-x"),
        "error: unknown option '-x': options are --name=value");
    assertOneErrorLine(CliRuns.run("backfill", "analytics", "counts", "--from=2026-11-01",
        "--to=2026-11-02"), "error: unexpected argument 'counts': backfill takes one job");
  }

  @Test
  public void aRunRefusedForItsInputMakesNoStore() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("refused");
    java.nio.file.Path db = dir.resolve("cache.db");
    CliRuns.Result refused = CliRuns.run("run", "counts", "--input=" + dir.resolve("nowhere"),
        "--store=sqlite:" + db, "--as-of", "2026-11-23");
    assertEquals(refused.err(), 2, refused.exitCode());
    assertFalse("no store file", java.nio.file.Files.exists(db));
  }

  @Test
  public void aStorePathNamingAnotherProgramsFileIsRefusedLeavingNothingBesideIt()
      throws Exception {
    Path dir = Files.createTempDirectory("foreign");
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database, but long enough to"
        + " be read as one's header: " + "x".repeat(200));
    Path other = dir.resolve("orders.db");
    try (java.sql.Connection connection =
        java.sql.DriverManager.getConnection("jdbc:sqlite:" + other)) {
      connection.createStatement().execute("create table orders(id text)");
    }
    for (Path file : List.of(text, other)) {
      CliRuns.Result refused = CliRuns.run("run", "profiles",
          "--input=src/test/resources/fixtures/small", "--store=sqlite:" + file,
          "--as-of=2026-11-20");
      assertEquals(refused.err(), 2, refused.exitCode());
      assertThat(refused.err(), containsString("error: cannot use " + file.toRealPath()
          + " as the embedded store: "));
    }
    try (var left = Files.list(dir)) {
      assertEquals("no state, locks or dead letters beside them", List.of("notes.db", "orders.db"),
          left.map(path -> path.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  public void anAsOfInTheFutureIsNotedAndSkewIsNot() {
    Instant now = Instant.parse("2026-12-03T19:00:00Z");
    assertFalse(RunCommand.futureAsOfNote(null, now).isPresent());
    assertFalse(RunCommand.futureAsOfNote(now.minus(Duration.ofDays(400)), now).isPresent());
    assertFalse(RunCommand.futureAsOfNote(now.plus(RunCommand.AS_OF_SKEW), now).isPresent());
    assertEquals("note: --as-of 2026-12-03T19:30:00Z is 30 minutes in the future; activity windows"
        + " and periods are measured against it, so users active until now may count as inactive",
        RunCommand.futureAsOfNote(now.plus(Duration.ofMinutes(30)), now).orElseThrow());
    assertThat(RunCommand.futureAsOfNote(Instant.parse("2027-12-03T00:00:00Z"), now).orElseThrow(),
        startsWith("note: --as-of 2027-12-03T00:00:00Z is 364 days in the future;"));
  }

  @Test
  public void aRunOverASeedPastTheActiveWindowFromItsAnchorIsNoted() throws Exception {
    java.nio.file.Path seed = java.nio.file.Files.createTempDirectory("seed-anchor");
    java.nio.file.Files.writeString(seed.resolve("manifest.json"),
        "{\"format\": \"avalo-seed/1\", \"anchor\": \"2026-11-23T00:00:00Z\"}");
    String input = seed.toString();
    Instant anchor = Instant.parse("2026-11-23T00:00:00Z");
    assertFalse(RunCommand.seedAnchorNote("files", input, anchor, 30).isPresent());
    assertFalse(RunCommand.seedAnchorNote("files", input, anchor.plus(Duration.ofDays(30)), 30)
        .isPresent());
    assertFalse("not a seed", RunCommand.seedAnchorNote("files", seed.resolve("none").toString(),
        Instant.parse("2027-06-01T00:00:00Z"), 30).isPresent());
    assertFalse("not files", RunCommand.seedAnchorNote("firestore", input,
        Instant.parse("2027-06-01T00:00:00Z"), 30).isPresent());
    assertEquals("note: the seed in " + input + " was generated as of 2026-11-23T00:00:00Z (its"
        + " manifest.json), 31 days before this run's as-of 2026-12-24T00:00:00Z: past"
        + " --activeWindowDays (30), no user counts as active, so the active counts and the feeds"
        + " come out empty; pass --as-of 2026-11-23T00:00:00Z to compute as of the seed's time",
        RunCommand.seedAnchorNote("files", input, Instant.parse("2026-12-24T00:00:00Z"), 30)
            .orElseThrow());
  }

  @Test
  public void aDryRunSaysSoAndMakesNoStore() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dry-run");
    java.nio.file.Path db = dir.resolve("cache.db");
    CliRuns.Result result = CliRuns.run("run", "profiles", "--dry-run", "--runner=DirectRunner",
        "--input=src/test/resources/fixtures/small", "--store=sqlite:" + db, "--as-of",
        "2026-11-20", "--run-id", "dry1");
    assertEquals(result.err(), 0, result.exitCode());
    assertThat(result.out(), startsWith("dry run dry1 of profiles on DirectRunner, as of"
        + " 2026-11-20T00:00:00Z: nothing was written"));
    assertThat(result.out(), containsString("  would write:       "));
    assertThat(result.out(), containsString("(delete 0, leave 0 unchanged) to sqlite:" + db));
    assertThat(result.err(), containsString("running a dry run of profiles"));
    try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(dir)) {
      assertEquals("no store, state or dead letters", List.of(), left.toList());
    }
    java.nio.file.Files.delete(dir);
  }

  @Test
  public void aDryRunIsRefusedWhereItCouldNotBeOne() {
    CliRuns.Result scheduled = CliRuns.run("run", "chats", "--schedule", "chats", "--dry-run");
    assertEquals(scheduled.err(), 2, scheduled.exitCode());
    assertThat(scheduled.err(), startsWith("error: --dry-run does not go with --schedule"));

    CliRuns.Result dataflow = CliRuns.run("run", "profiles", "--dry-run",
        "--runner=DataflowRunner", "--input=src/test/resources/fixtures/small");
    assertEquals(dataflow.err(), 2, dataflow.exitCode());
    assertThat(dataflow.err(), startsWith("error: a dry run does not go to Dataflow"));

    CliRuns.Result remote = CliRuns.run("run", "profiles", "--dry-run",
        "--flinkMaster=203.0.113.7:8081", "--input=src/test/resources/fixtures/small");
    assertEquals(remote.err(), 2, remote.exitCode());
    assertThat(remote.err(), startsWith("error: a dry run does not go to the Flink cluster at"
        + " 203.0.113.7:8081"));
    for (String here : List.of("[local]", "localhost:8081", "127.0.0.1:8081")) {
      PrecomputeRunner.checkDryRunnable(parse("profiles", "--flinkMaster=" + here)
          .options(Jobs.named(List.of("profiles"))));
    }

    // The scheduler runs windows for real, through the ledger: it has no --dry-run to ignore.
    CliRuns.Result scheduler = CliRuns.run("scheduler", "--once", "--dry-run");
    assertEquals(scheduler.err(), 2, scheduler.exitCode());
    assertThat(scheduler.err(), containsString("--dry-run"));
  }

  @Test
  public void theHelpListsTheJobsFromTheRegistry() {
    // Help wraps its lines: compare with the breaks and indents made single spaces.
    String run = CliRuns.run("run", "--help").out().replaceAll("\\s+", " ");
    assertThat(run, containsString("Jobs to run: " + String.join(", ", Jobs.names()) + ", or all"));
    String backfill = CliRuns.run("backfill", "--help").out().replaceAll("\\s+", " ");
    assertThat(backfill, containsString("The job to backfill: analytics"));
    assertEquals(List.of("analytics"), Jobs.backfillable());
  }

  @Test
  public void anOptionsValueGivenAfterASpaceIsNotTakenForAJob() {
    // picocli gives Beam "--feedPageSize" alone and takes "5" for a second job.
    assertOneErrorLine(CliRuns.run("run", "feeds", "--feedPageSize", "5", "--input=nowhere"),
        "error: unknown job '5': job and Beam options take the form --name=value, so write"
            + " --feedPageSize=5");
    // A flag of the command's own takes its value after a space as usual, and a bare Beam flag
    // before a real job is a boolean: neither is refused for this reason.
    CliRuns.Result boolFlag = CliRuns.run("run", "--as-of", "2026-11-20", "--enforceImmutability",
        "profiles", "--input=no-such-dir");
    assertEquals(boolFlag.err(), 2, boolFlag.exitCode());
    assertThat("refused for its input, not its job name", boolFlag.err(),
        containsString("error: --input=no-such-dir: no such directory"));
    // A bare true/false option before a misspelt job: the job is what is wrong.
    CliRuns.Result misspeltJob = CliRuns.run("run", "--full", "countz", "--input=no-such-dir");
    assertEquals(misspeltJob.err(), 2, misspeltJob.exitCode());
    assertThat(misspeltJob.err(), containsString("unknown job 'countz'; did you mean 'counts'?"));
    assertThat(misspeltJob.err(), org.hamcrest.Matchers.not(containsString("--full=countz")));
  }

  @Test
  public void anUnknownSourceIsRefusedBeforeTheRunStarts() {
    assertOneErrorLine(CliRuns.run("run", "all", "--source=file"),
        "error: unknown --source 'file': use 'files' (with --input=DIR) or 'firestore'");
  }

  @Test
  public void backfillSaysItTakesNoAsOfInEitherSpelling() {
    for (String asOf : List.of("--as-of=2026-10-03", "--asOf=2026-10-03")) {
      assertOneErrorLine(CliRuns.run("backfill", "analytics", "--from", "2026-10-01", "--to",
              "2026-10-02", asOf),
          "error: backfill takes no --as-of: it runs as of now, so each period that has ended"
              + " holds all its events");
    }
  }

  @Test
  public void aMisspeltOptionIsRefusedWithTheNameMeant() {
    // After a space its value would otherwise be read as a job ("unknown job 'out/seed'").
    assertOneErrorLine(CliRuns.run("run", "all", "--inptu", "out/seed"),
        "error: unknown option --inptu; did you mean --input?");
    assertOneErrorLine(CliRuns.run("run", "all", "--inptu=out/seed"),
        "error: unknown option --inptu; did you mean --input?");
    assertOneErrorLine(CliRuns.run("run", "feeds", "--input=x", "--feedPageSzie=5"),
        "error: unknown option --feedPageSzie; did you mean --feedPageSize?");
    // An option the command sets from a flag of its own: the flag is what is meant.
    assertOneErrorLine(CliRuns.run("run", "all", "--asof=2026-11-01"),
        "error: unknown option --asof; did you mean --as-of?");
    assertOneErrorLine(CliRuns.run("backfill", "analytics", "--from", "2026-10-01", "--to",
            "2026-10-02", "--inptu", "out/seed"),
        "error: unknown option --inptu; did you mean --input?");
    // A flag of the command's own is offered too.
    assertOneErrorLine(CliRuns.run("run", "all", "--input=x", "--shedule=feeds"),
        "error: unknown option --shedule; did you mean --schedule?");
    // Another job's option: Beam would take it and the run would ignore it.
    assertOneErrorLine(CliRuns.run("run", "profiles", "--input=x", "--feedPageSize=20"),
        "error: --feedPageSize is an option of the feeds job, which this run does not include");
    // Nothing near: no guess.
    assertOneErrorLine(CliRuns.run("run", "all", "--zzzzzz=1"), "error: unknown option --zzzzzz (");
  }

  /** scripts/precompute runs 'serve' itself, and names it to the CLI so that a slip finds it. */
  @Test
  public void aMisspeltWrapperCommandIsRefusedWithTheCommandMeant() {
    String before = System.setProperty("precompute.wrapperCommands", "serve");
    try {
      assertOneErrorLine(CliRuns.run("serv"), "error: unknown command 'serv'; did you mean 'serve'?");
      assertOneErrorLine(CliRuns.run("sede"), "error: unknown command 'sede'; did you mean 'seed'?");
      // Asked for its help, a misspelt command answered the top-level help and exit 0.
      assertOneErrorLine(CliRuns.run("serv", "--help"),
          "error: unknown command 'serv'; did you mean 'serve'?");
      CliRuns.Result seedHelp = CliRuns.run("seed", "--help");
      assertEquals(seedHelp.err(), 0, seedHelp.exitCode());
    } finally {
      if (before == null) {
        System.clearProperty("precompute.wrapperCommands");
      } else {
        System.setProperty("precompute.wrapperCommands", before);
      }
    }
  }

  @Test
  public void aMisspeltCommandIsRefusedWithTheCommandMeant() {
    assertOneErrorLine(CliRuns.run("rnu", "all"),
        "error: unknown command 'rnu'; did you mean 'run'? ('precompute --help' lists the commands)");
    assertOneErrorLine(CliRuns.run("sede", "--users", "10"),
        "error: unknown command 'sede'; did you mean 'seed'?");
    assertOneErrorLine(CliRuns.run("xyzzy"), "error: unknown command 'xyzzy' (");
    assertOneErrorLine(CliRuns.run("help", "rnu"), "error: unknown command 'rnu'; did you mean 'run'?");
    // A short option is no slip for another one letter away.
    assertOneErrorLine(CliRuns.run("get", "-s", "sqlite:x.db", "user:u1:stats"),
        "error: unknown option -s ('precompute get --help' lists its options)");
    assertOneErrorLine(CliRuns.run("get", "--stor", "sqlite:x.db", "user:u1:stats"),
        "error: unknown option --stor; did you mean --store? ('precompute get --help' lists its"
            + " options)");
  }

  @Test
  public void whatACommandNeedsAndWasNotGivenIsNamedInOneLine() {
    assertOneErrorLine(CliRuns.run("backfill", "analytics"),
        "error: missing --from and --to ('precompute backfill --help' says what they take)");
    assertOneErrorLine(CliRuns.run("backfill", "analytics", "--from=2026-10-01"),
        "error: missing --to ('precompute backfill --help' says what it takes)");
    // Given, but without its value: not "missing --from".
    assertOneErrorLine(CliRuns.run("backfill", "analytics", "--to=2026-10-02", "--from"),
        "error: Missing required parameter for option '--from'");
    assertOneErrorLine(CliRuns.run("run", "all", "--as-of"),
        "error: Missing required parameter for option '--as-of'");
  }

  @Test
  public void aBeamOptionsValueThatDoesNotConvertIsNamedInOneLine() {
    String input = "--input=src/test/resources/fixtures/small";
    assertOneErrorLine(CliRuns.run("run", "feeds", input, "--feedPageSize=abc"),
        "error: --feedPageSize=abc: Cannot deserialize value of type `int` from String \"abc\"");
    assertOneErrorLine(CliRuns.run("run", "profiles", input, "--full=maybe"),
        "error: --full=maybe: Cannot deserialize value of type `boolean` from String \"maybe\"");
    assertOneErrorLine(CliRuns.run("run", "profiles", input, "--parallelism=two"),
        "error: --parallelism=two: ");
    assertOneErrorLine(CliRuns.run("run", "analytics", input, "--hitRateWarning="),
        "error: --hitRateWarning=: Empty argument value");
  }

  @Test
  public void aBeamOptionWithoutItsValueIsRefusedUnlessItIsTrueOrFalse() {
    // Beam reads a bare --name as --name=true: the manifests went to a directory named 'true'.
    String input = "--input=src/test/resources/fixtures/small";
    assertOneErrorLine(CliRuns.run("run", "profiles", input, "--stateLocation"),
        "error: --stateLocation needs a value: write --stateLocation=VALUE");
    assertOneErrorLine(CliRuns.run("run", "counts", input, "--countsConfig", "--full"),
        "error: --countsConfig needs a value: write --countsConfig=VALUE");
    assertOneErrorLine(CliRuns.run("scheduler", "--once", "--schedules=none.yaml",
        "--deadLetterCollection"),
        "error: --deadLetterCollection needs a value");
    assertTrue(parse("profiles", "--full", "--dedupeAllCollections")
        .options(Jobs.named(List.of("profiles"))).getFull());
  }

  private static void assertOneErrorLine(CliRuns.Result result, String start) {
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), startsWith(start));
    assertEquals(result.err(), 1, result.err().lines().count());
    assertEquals("", result.out());
  }

  private static DirectOptions directOptions(String... args) {
    RunCommand run = parse(args);
    return run.options(Jobs.named(List.of("profiles"))).as(DirectOptions.class);
  }

  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run;
  }
}
