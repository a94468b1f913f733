package com.avalo.precompute.schedule.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A deploy runs the plan's steps in order through gcloud, and stops at the first failure. */
public class DeployerTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();
  private static final DeployPlan plan = BundledPlan.PLAN;
  private Path root;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @Before
  public void buildContext() throws Exception {
    root = dir.getRoot().toPath();
    Files.createDirectories(root.resolve("pipelines/target"));
    Files.writeString(root.resolve("pipelines/Dockerfile"), "FROM scratch\n");
    Files.writeString(root.resolve("pipelines/target/avalo-pipelines-bundled.jar"), "jar");
  }

  private Deployer deployer(Gcloud gcloud) {
    return new Deployer(gcloud, root, new PrintStream(progress, true, StandardCharsets.UTF_8));
  }

  @Test
  public void runsEveryStepInOrderCreatingMissingSchedulerJobs() throws Exception {
    RecordingGcloud gcloud = RecordingGcloud.freshProject();
    deployer(gcloud).apply(plan);
    List<String> expected = new ArrayList<>(List.of("builds submit pipelines",
        "dataflow flex-template build gs://avalo-prod-dataflow/templates/avalo-precompute.json"));
    // The store's settings before any Scheduler job: every launch reads the ledger's index.
    expected.add("firestore fields ttls update expiresAt");
    for (String field : List.of("expiresAt", "payload", "contentHash", "computedAt", "asOf", "runId")) {
      expected.add("firestore indexes fields update " + field);
    }
    // The dead-letter collection: its TTL, its unindexed fields.
    expected.add("firestore fields ttls update expireAt");
    for (String field : List.of("expireAt", "payload", "reason")) {
      expected.add("firestore indexes fields update " + field);
    }
    // The run ledger's collection: its TTL, its unindexed fields, the index launches read.
    expected.add("firestore fields ttls update expiresAt");
    for (String field : List.of("expiresAt", "attempts", "updatedAt")) {
      expected.add("firestore indexes fields update " + field);
    }
    // The invalidation bus's collection: its TTL.
    expected.add("firestore fields ttls update expireAt");
    expected.add("firestore indexes fields update expireAt");
    expected.add("firestore indexes composite create");
    int firstSchedule = expected.size();
    for (String schedule : List.of("chats", "counts", "user-stats", "matches", "feeds", "analytics", "profiles")) {
      expected.add("scheduler jobs describe avalo-precompute-" + schedule);
      expected.add("scheduler jobs create http avalo-precompute-" + schedule);
    }
    expected.add("scheduler jobs list");
    assertEquals(expected, gcloud.commands());
    assertTrue(gcloud.calls.get(firstSchedule - 1).containsAll(List.of(
        "--collection-group=precompute_runs", "--field-config=field-path=schedule,order=ascending",
        "--field-config=field-path=windowStart,order=descending")));
    // The metadata the template build reads was written before it, from the generated metadata.
    Path metadata = root.resolve(plan.template().metadataFile());
    assertEquals(plan.template().metadata().toJson(), Json.read(Files.readString(metadata)));
    assertTrue(gcloud.calls.get(1).contains("--metadata-file=" + plan.template().metadataFile()));
    // The created job POSTs the checked body, with an OAuth token, to the launch endpoint.
    List<String> createChats = gcloud.calls.get(firstSchedule + 1);
    assertTrue(createChats.contains("--message-body=" + plan.launches().get(0).request().bodyText()));
    assertTrue(createChats.contains("--oauth-service-account-email=precompute-scheduler@avalo-prod.iam.gserviceaccount.com"));
    assertTrue(createChats.contains("--uri=https://dataflow.googleapis.com/v1b3/projects/avalo-prod/locations/europe-west1/flexTemplates:launch"));
    assertThat(progress.toString(StandardCharsets.UTF_8), containsString("[22/29] schedule chats"));
  }

  @Test
  public void reportsSchedulerJobsOfSchedulesTheFileNoLongerHasWithoutDeletingThem() {
    // The project still has the job of a schedule since renamed, one of another app, and one of
    // another deployment whose name begins with this one's (it launches another template).
    String ours = launching(plan.template().spec());
    RecordingGcloud gcloud = RecordingGcloud.listingSchedulerJobs(new Gcloud.Result(0,
        "avalo-precompute-chats\t" + ours + "\navalo-precompute-digest\t" + ours
            + "\nother-app-nightly\t" + launching("gs://other/t.json")
            + "\navalo-precompute-staging-chats\t"
            + launching("gs://avalo-prod-dataflow/templates/avalo-precompute-staging.json") + "\n",
        ""));
    deployer(gcloud).apply(plan);
    String said = progress.toString(StandardCharsets.UTF_8);
    assertThat(said, containsString("  warning: Scheduler job avalo-precompute-digest is not in "
        + plan.file() + " and still launches its old body; delete it with: gcloud scheduler jobs"
        + " delete avalo-precompute-digest --project=avalo-prod --location=europe-west1"));
    assertFalse(said, said.contains("avalo-precompute-chats is not in"));
    assertFalse(said, said.contains("other-app-nightly"));
    assertFalse(said, said.contains("avalo-precompute-staging-chats"));
    assertTrue(gcloud.commands().stream().noneMatch(command -> command.contains("delete")));
  }

  /** A Scheduler job's HTTP body as gcloud lists it: the launch request, base64. */
  private static String launching(String templateSpec) {
    return java.util.Base64.getEncoder().encodeToString(("{\"launchParameter\":{\"jobName\":\"x\","
        + "\"containerSpecGcsPath\":\"" + templateSpec + "\"}}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void aFailedListingOfSchedulerJobsIsAWarningNotAFailedDeploy() {
    RecordingGcloud gcloud = RecordingGcloud.listingSchedulerJobs(
        new Gcloud.Result(1, "", "ERROR: (gcloud.scheduler.jobs.list) PERMISSION_DENIED: denied"));
    deployer(gcloud).apply(plan);
    assertThat(progress.toString(StandardCharsets.UTF_8), containsString("warning: could not list the"
        + " Scheduler jobs (gcloud exited 1: ERROR: (gcloud.scheduler.jobs.list) PERMISSION_DENIED: denied)"));
    assertEquals("scheduler jobs list", gcloud.commands().get(gcloud.commands().size() - 1));
  }

  @Test
  public void updatesSchedulerJobsThatExist() {
    RecordingGcloud gcloud = new RecordingGcloud(args -> new Gcloud.Result(0, "", ""));
    deployer(gcloud).apply(plan);
    List<String> commands = gcloud.commands();
    int updateChats = commands.indexOf("scheduler jobs update http avalo-precompute-chats");
    assertEquals("scheduler jobs describe avalo-precompute-chats", commands.get(updateChats - 1));
    assertTrue(commands.stream().noneMatch(command -> command.startsWith("scheduler jobs create")));
    assertTrue(gcloud.calls.get(updateChats).contains("--clear-max-retry-duration"));
  }

  @Test
  public void aCompositeIndexThatExistsAlreadyIsDoneAndAnyOtherFailureStops() {
    RecordingGcloud existing = new RecordingGcloud(args -> args.get(2).equals("composite")
        ? new Gcloud.Result(1, "", "ERROR: (gcloud.firestore.indexes.composite.create) ALREADY_EXISTS: index already exists")
        : new Gcloud.Result(0, "", ""));
    deployer(existing).apply(plan);
    assertThat(progress.toString(StandardCharsets.UTF_8), containsString("already there"));
    RecordingGcloud denied = new RecordingGcloud(args -> args.get(2).equals("composite")
        ? new Gcloud.Result(1, "", "ERROR: (gcloud.firestore.indexes.composite.create) PERMISSION_DENIED")
        : new Gcloud.Result(0, "", ""));
    assertThat(assertThrows(IllegalStateException.class, () -> deployer(denied).apply(plan)).getMessage(),
        containsString("PERMISSION_DENIED"));
  }

  @Test
  public void stopsAtTheFirstFailingStepAndSaysWhere() {
    RecordingGcloud gcloud = new RecordingGcloud(args -> args.get(0).equals("dataflow")
        ? new Gcloud.Result(1, "", "ERROR: (gcloud.dataflow.flex-template.build) PERMISSION_DENIED: no access")
        : new Gcloud.Result(0, "", ""));
    IllegalStateException error = assertThrows(IllegalStateException.class, () -> deployer(gcloud).apply(plan));
    assertEquals("deploy stopped at 'template spec': gcloud dataflow flex-template build"
        + " gs://avalo-prod-dataflow/templates/avalo-precompute.json ... exited 1: ERROR:"
        + " (gcloud.dataflow.flex-template.build) PERMISSION_DENIED: no access", error.getMessage());
    assertEquals(2, gcloud.calls.size());
  }

  @Test
  public void refusesBeforeAnyCommandWhenTheBundledJarIsMissing() throws Exception {
    Files.delete(root.resolve("pipelines/target/avalo-pipelines-bundled.jar"));
    RecordingGcloud gcloud = RecordingGcloud.freshProject();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> deployer(gcloud).apply(plan));
    assertThat(error.getMessage(), containsString("avalo-pipelines-bundled.jar is missing"));
    assertEquals(List.of(), gcloud.calls);
    assertTrue(Files.notExists(root.resolve(plan.template().metadataFile())));
  }
}
