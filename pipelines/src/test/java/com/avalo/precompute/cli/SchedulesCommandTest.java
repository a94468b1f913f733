package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schedule.SchedulesFixture;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code precompute schedules validate|plan|deploy} through the CLI, deploy against a fake gcloud. */
public class SchedulesCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  private static final String PROJECT = "--project=avalo-prod";
  private static final String REGION = "--region=europe-west1";

  @Test
  public void withoutASubcommandItIsAMisuseAsForPrecomputeItself() {
    CliRuns.Result result = CliRuns.run("schedules");
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("Missing required subcommand"));
    assertThat(result.err(), containsString("validate"));
    assertEquals(2, CliRuns.run().exitCode());
  }

  @Test
  public void validateReportsTheBundledSchedules() {
    CliRuns.Result result = CliRuns.run("schedules", "validate");
    assertEquals(result.err(), 0, result.exitCode());
    assertThat(result.out(), startsWith("classpath:schedules/avalo.yaml: 7 schedules OK"));
    assertThat(result.out(), containsString("analytics    5 * * * *"));
  }

  @Test
  public void validateSaysWhichSchedulesPlanWouldRefuseAsLocalOnly() throws Exception {
    Path file = dir.getRoot().toPath().resolve("local.yaml");
    Files.writeString(file, SchedulesFixture.VALID.replace("  store: firestore", "  store: sqlite:out/cache.db"));
    CliRuns.Result result = CliRuns.run("schedules", "validate", file.toString());
    assertEquals(result.err(), 0, result.exitCode());
    assertThat(result.out(), startsWith(file + ": 2 schedules OK"));
    assertThat(result.out(), containsString("note: chats runs only on this machine; plan and deploy"
        + " refuse it: store sqlite:out/cache.db is a local file that Dataflow workers cannot write"));
    CliRuns.Result plan = CliRuns.run("schedules", "plan", "--schedules=" + file, PROJECT, REGION);
    assertEquals(2, plan.exitCode());
    assertThat(plan.err(), containsString("store sqlite:out/cache.db is a local file"));
  }

  @Test
  public void validatePrintsEveryProblemAsFileLineAndExits2() throws Exception {
    Path file = dir.getRoot().toPath().resolve("broken.yaml");
    Files.writeString(file, SchedulesFixture.VALID.replace("\"5 * * * *\"", "\"5 * * *\"")
        .replace("lateBuckets: 2", "lateBuckets: two"));
    CliRuns.Result result = CliRuns.run("schedules", "validate", file.toString());
    assertEquals(2, result.exitCode());
    assertEquals(List.of(file + ":23: cron '5 * * *' is not a 5-field unix-cron (Cron expression contains"
        + " 4 parts but we expect one of [5])", file + ":26: option lateBuckets='two' of job 'analytics'"
        + " does not parse as int: Cannot deserialize value of type `int` from String \"two\": not a valid"
        + " `int` value"), result.err().lines().toList());
    assertEquals("", result.out());
  }

  @Test
  public void aMissingFileIsOneLine() {
    CliRuns.Result result = CliRuns.run("schedules", "validate", "no/such.yaml");
    assertEquals(2, result.exitCode());
    assertEquals("no/such.yaml:1: no such file\n", result.err());
  }

  @Test
  public void validateTakesTheFileAsTheOtherCommandsDo() {
    CliRuns.Result named = CliRuns.run("schedules", "validate", "--schedules=no/such.yaml");
    assertEquals(2, named.exitCode());
    assertEquals("no/such.yaml:1: no such file\n", named.err());
    CliRuns.Result both = CliRuns.run("schedules", "validate", "a.yaml", "--schedules=b.yaml");
    assertEquals(2, both.exitCode());
    assertThat(both.err(), containsString("two schedules files given"));
  }

  @Test
  public void planPrintsJsonWithNameCronAndJobsPerSchedule() {
    CliRuns.Result result = CliRuns.run("schedules", "plan", PROJECT, REGION, "--format=json");
    assertEquals(result.err(), 0, result.exitCode());
    JsonNode plan = Json.read(result.out());
    assertEquals("avalo-prod", plan.get("project").asText());
    JsonNode first = plan.get("schedules").get(0);
    assertEquals("chats", first.get("name").asText());
    assertEquals("*/10 * * * *", first.get("cron").asText());
    assertEquals("chats", first.get("jobs").get(0).asText());
  }

  @Test
  public void planRefusesABadProjectWithOneLine() {
    CliRuns.Result result = CliRuns.run("schedules", "plan", "--project=Avalo Prod", REGION);
    assertEquals(2, result.exitCode());
    assertThat(result.err(), startsWith("error: --project 'Avalo Prod' is not a Google Cloud project id"));
    assertEquals(1, result.err().lines().count());
  }

  @Test
  public void deployRefusesWithoutYesAndRunsNothing() throws Exception {
    Path calls = dir.getRoot().toPath().resolve("calls.txt");
    CliRuns.Result result = CliRuns.run("schedules", "deploy", PROJECT, REGION,
        "--gcloud=" + fakeGcloud(calls), "--root=" + repository());
    assertEquals(2, result.exitCode());
    assertThat(result.err(), startsWith("error: deploy changes project avalo-prod (29 steps); see them with"));
    assertTrue("gcloud must not run", Files.notExists(calls));
  }

  @Test
  public void deployWithYesRunsThePlanThroughGcloud() throws Exception {
    Path calls = dir.getRoot().toPath().resolve("calls.txt");
    Path root = repository();
    CliRuns.Result result = CliRuns.run("schedules", "deploy", PROJECT, REGION, "--yes",
        "--gcloud=" + fakeGcloud(calls), "--root=" + root);
    assertEquals(result.err(), 0, result.exitCode());
    assertEquals("deployed 7 schedules to project avalo-prod (europe-west1)\n", result.out());
    List<String> recorded = Files.readAllLines(calls);
    assertEquals(35, recorded.size());
    assertThat(recorded.get(0), startsWith("builds submit pipelines --project=avalo-prod --tag="));
    // The store's settings and the ledger's index first: every launch reads the index.
    assertThat(recorded.get(8), startsWith("firestore indexes fields update runId"));
    assertThat(recorded.get(9), startsWith("firestore fields ttls update expireAt --collection-group=precompute_dead_letters"));
    assertThat(recorded.get(17), startsWith("firestore fields ttls update expireAt --collection-group=precompute_invalidations"));
    assertThat(recorded.get(19), startsWith("firestore indexes composite create --collection-group=precompute_runs"));
    assertThat(recorded.get(21), startsWith("scheduler jobs create http avalo-precompute-chats"));
    assertThat(recorded.get(34), startsWith("scheduler jobs list --project=avalo-prod --location=europe-west1"));
    assertTrue(Files.isRegularFile(root.resolve("pipelines/target/flex-template/avalo-precompute-metadata.json")));
  }

  @Test
  public void aFailingGcloudStepStopsTheDeployWithOneLine() throws Exception {
    Path calls = dir.getRoot().toPath().resolve("calls.txt");
    Path gcloud = dir.getRoot().toPath().resolve("failing-gcloud");
    Files.writeString(gcloud, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n"
        + "echo 'ERROR: (gcloud.builds.submit) PERMISSION_DENIED' >&2\nexit 1\n");
    Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwx------"));
    CliRuns.Result result = CliRuns.run("schedules", "deploy", PROJECT, REGION, "--yes",
        "--gcloud=" + gcloud, "--root=" + repository());
    assertEquals(1, result.exitCode());
    assertThat(result.err(), containsString("error: deploy stopped at 'template image (Dockerfile in"
        + " pipelines)': gcloud builds submit pipelines --project=avalo-prod ... exited 1: ERROR:"
        + " (gcloud.builds.submit) PERMISSION_DENIED"));
    assertEquals(1, Files.readAllLines(calls).size());
  }

  @Test
  public void deployWithoutGcloudInstalledIsOneErrorLine() throws Exception {
    CliRuns.Result result = CliRuns.run("schedules", "deploy", PROJECT, REGION, "--yes",
        "--gcloud=/nonexistent/gcloud", "--root=" + repository());
    assertEquals(result.err(), 2, result.exitCode());
    List<String> errors = result.err().lines().filter(line -> !line.startsWith("[")).toList();
    assertEquals(result.err(), 1, errors.size());
    assertThat(errors.get(0), startsWith("error: cannot run /nonexistent/gcloud (is the Google Cloud CLI"
        + " installed and on PATH?)"));
  }

  /** gcloud's relative paths (builds submit pipelines, --metadata-file) start from --root. */
  @Test
  public void deployRunsGcloudInTheRepositoryRoot() throws Exception {
    Path root = repository();
    Path directories = dir.getRoot().toPath().resolve("directories.txt");
    Path gcloud = dir.getRoot().toPath().resolve("gcloud");
    Files.writeString(gcloud, "#!/usr/bin/env bash\npwd >> '" + directories + "'\n"
        + "if [[ \"$3\" == describe ]]; then exit 1; fi\n");
    Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwx------"));
    CliRuns.Result result = CliRuns.run("schedules", "deploy", PROJECT, REGION, "--yes",
        "--gcloud=" + gcloud, "--root=" + root);
    assertEquals(result.err(), 0, result.exitCode());
    assertEquals(List.of(root.toRealPath().toString()),
        Files.readAllLines(directories).stream().distinct().toList());
  }

  /** A gcloud that appends each command line to {@code calls}; no Scheduler job exists yet. */
  private Path fakeGcloud(Path calls) throws Exception {
    Path gcloud = dir.getRoot().toPath().resolve("gcloud");
    Files.writeString(gcloud, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n"
        + "if [[ \"$3\" == describe ]]; then echo 'NOT_FOUND: Job not found.' >&2; exit 1; fi\n");
    Files.setPosixFilePermissions(gcloud, PosixFilePermissions.fromString("rwx------"));
    return gcloud;
  }

  /** A repository root with the Dockerfile and the bundled jar the deploy checks for. */
  private Path repository() throws Exception {
    Path root = dir.getRoot().toPath().resolve("repo");
    Files.createDirectories(root.resolve("pipelines/target"));
    Files.writeString(root.resolve("pipelines/Dockerfile"), "FROM scratch\n");
    Files.writeString(root.resolve("pipelines/target/avalo-pipelines-bundled.jar"), "jar");
    return root;
  }
}
