package com.avalo.precompute.schedule.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.schedule.SchedulesException;
import com.avalo.precompute.schedule.SchedulesFile;
import com.avalo.precompute.schedule.SchedulesReader;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The deploy plan of the bundled schedules, in all three formats, against golden files. */
public class DeployPlanTest {
  private static final DeployPlan plan = BundledPlan.PLAN;

  /** The problems of planning the small fixture with {@code from} replaced by {@code to}. */
  private static java.util.List<com.avalo.precompute.schedule.Problem> planProblems(String from, String to) {
    String yaml = com.avalo.precompute.schedule.SchedulesFixture.VALID.replace(from, to);
    SchedulesFile file = new SchedulesReader(Jobs.all()).read("local.yaml", yaml, BundledPlan.VARIABLES);
    return assertThrows(SchedulesException.class,
        () -> DeployPlanner.plan(file, "avalo-prod", "europe-west1", Jobs.all())).problems();
  }

  /**
   * The plan of the small fixture, given a state location (which it leaves to the bundled file),
   * with {@code from} replaced by {@code to}.
   */
  private static DeployPlan planOfTheFixture(String from, String to) {
    String yaml = com.avalo.precompute.schedule.SchedulesFixture.VALID
        .replace("  firestoreProject: ${project}\n", "  firestoreProject: ${project}\n  stateLocation: gs://b/state\n")
        .replace(from, to);
    SchedulesFile file = new SchedulesReader(Jobs.all()).read("local.yaml", yaml, BundledPlan.VARIABLES);
    return DeployPlanner.plan(file, "avalo-prod", "europe-west1", Jobs.all());
  }

  @Test
  public void gcloudScriptMatchesItsGoldenFile() throws Exception {
    Golden.assertMatches("plan-gcloud.sh", GcloudScript.render(plan));
  }

  @Test
  public void terraformMatchesItsGoldenFile() throws Exception {
    Golden.assertMatches("plan-terraform.tf", TerraformPlan.render(plan));
  }

  @Test
  public void jsonMatchesItsGoldenFile() throws Exception {
    Golden.assertMatches("plan.json", JsonPlan.render(plan));
  }

  @Test
  public void jsonGivesEachScheduleItsNameCronAndJobs() {
    JsonNode json = Json.read(JsonPlan.render(plan));
    assertEquals(7, json.get("schedules").size());
    for (JsonNode schedule : json.get("schedules")) {
      assertTrue(schedule.toString(), schedule.get("name").isTextual());
      assertTrue(schedule.toString(), schedule.get("cron").isTextual());
      assertTrue(schedule.toString(), schedule.get("jobs").isArray() && schedule.get("jobs").size() > 0);
    }
    JsonNode analytics = json.get("schedules").get(5);
    assertEquals("analytics", analytics.get("name").asText());
    assertEquals("5 * * * *", analytics.get("cron").asText());
    assertEquals("2", analytics.at("/body/launchParameter/parameters/lateBuckets").asText());
  }

  @Test
  public void everyFormatSendsTheSameLaunchBody() {
    String terraform = TerraformPlan.render(plan);
    String script = GcloudScript.render(plan);
    for (DeployPlan.ScheduledLaunch launch : plan.launches()) {
      String name = launch.schedule().name();
      JsonNode expected = launch.request().body();
      Matcher tf = Pattern.compile("resource \"google_cloud_scheduler_job\" \"" + name.replace('-', '_')
          + "\" \\{.*?body        = base64encode\\(<<-BODY\n(.*?)\n    BODY\n", Pattern.DOTALL).matcher(terraform);
      assertTrue(name, tf.find());
      assertEquals(name, expected, Json.read(tf.group(1).replace("$${", "${")));
      Matcher sh = Pattern.compile("'--message-body=(\\{\"launchParameter\":\\{\"jobName\":\"avalo-precompute-"
          + Pattern.quote(name) + "\".*?)' \\\\").matcher(script);
      assertTrue(name, sh.find());
      assertEquals(name, expected, Json.read(sh.group(1).replace("'\\''", "'")));
      // The body is static: no time, only the schedule's identity and timing rule.
      assertEquals(name, launch.request().parameters().get("scheduleCron").asText(), launch.schedule().cadence().cron());
      assertTrue(name, launch.request().parameters().keySet().stream().noneMatch(p -> p.equals("asOf") || p.equals("window")));
    }
  }

  @Test
  public void theCheckedInFirestoreIndexesFileIsThePlans() throws Exception {
    Path checkedIn = Path.of("../scripts/firestore.indexes.json");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(checkedIn, FirestoreIndexesJson.text(plan.firestoreFields(), plan.firestoreIndexes()), StandardCharsets.UTF_8);
    }
    assertEquals("scripts/firestore.indexes.json is rendered by FirestoreIndexesJson; update it from"
        + " 'precompute schedules plan --format=json' (firestore.indexesJson)",
        FirestoreIndexesJson.text(plan.firestoreFields(), plan.firestoreIndexes()), Files.readString(checkedIn, StandardCharsets.UTF_8));
    JsonNode overrides = Json.read(Files.readString(checkedIn)).get("fieldOverrides");
    assertEquals("expiresAt", overrides.get(0).get("fieldPath").asText());
    assertTrue(overrides.get(0).get("ttl").isBoolean());
    assertEquals(0, overrides.get(0).get("indexes").size());
  }

  /** Dataflow and Scheduler in avalo-data, the documents and the ledger in avalo-app-prod. */
  private static DeployPlan planWithTheStoreInAnotherProject() throws Exception {
    String yaml;
    try (var in = DeployPlanTest.class.getClassLoader().getResourceAsStream("schedules/avalo.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    yaml = yaml.replace("firestoreProject: ${project}", "firestoreProject: avalo-app-prod");
    SchedulesFile file = new SchedulesReader(Jobs.all()).read("two-projects.yaml", yaml,
        java.util.Map.of("project", "avalo-data", "region", "europe-west1"));
    return DeployPlanner.plan(file, "avalo-data", "europe-west1", Jobs.all());
  }

  @Test
  public void firestoreConfigurationGoesToTheStoresProjectInGcloud() throws Exception {
    String script = GcloudScript.render(planWithTheStoreInAnotherProject());
    Matcher firestore = Pattern.compile("gcloud firestore [^\n]*\n(?:  [^\n]*\n)*?[^\n]*--quiet")
        .matcher(script);
    int commands = 0;
    while (firestore.find()) {
      commands++;
      assertThat(firestore.group(), containsString("--project=avalo-app-prod \\"));
    }
    // 6 cache fields, 3 dead-letter fields, 3 ledger fields, the invalidations' expireAt, a TTL
    // on each of the four collections, one composite index.
    assertEquals(18, commands);
    assertThat(script, containsString("gcloud scheduler jobs create http avalo-precompute-chats \\\n"
        + "        --project=avalo-data"));
  }

  @Test
  public void firestoreConfigurationGoesToTheStoresProjectInTerraform() throws Exception {
    String terraform = TerraformPlan.render(planWithTheStoreInAnotherProject());
    Matcher firestore = Pattern.compile("resource \"google_firestore_(?:field|index)\" \"[^\"]*\" \\{\n"
        + "  project    = \"([^\"]*)\"").matcher(terraform);
    int resources = 0;
    while (firestore.find()) {
      resources++;
      assertEquals(firestore.group(), "avalo-app-prod", firestore.group(1));
    }
    assertEquals(14, resources);
  }

  @Test
  public void storesInTwoProjectsEachGetTheirCollectionsConfigured() {
    DeployPlan plan = planOfTheFixture("    cron: \"5 * * * *\"\n",
        "    cron: \"5 * * * *\"\n    store: firestore:avalo-app-prod\n");
    assertEquals(java.util.List.of("avalo-prod", "avalo-app-prod"),
        plan.firestoreIndexes().stream().map(FirestoreIndex::project).toList());
    for (String project : java.util.List.of("avalo-prod", "avalo-app-prod")) {
      assertEquals(project, 13, plan.firestoreFields().stream().filter(f -> f.project().equals(project)).count());
    }
    String terraform = TerraformPlan.render(plan);
    java.util.List<String> names = Pattern.compile("resource \"google_firestore_\\w+\" \"(\\w+)\"")
        .matcher(terraform).results().map(m -> m.group(1)).toList();
    assertEquals(terraform, names.size(), new java.util.HashSet<>(names).size());
    assertEquals(28, names.size());
  }

  @Test
  public void aDescriptionOnSeveralLinesStaysOneTerraformString() {
    String terraform = TerraformPlan.render(planOfTheFixture("  - name: chats\n",
        "  - name: chats\n    description: |\n      Chat lists.\n      Owner: \"data\"\tteam\n"));
    assertThat(terraform, containsString(
        "  description      = \"Chat lists.\\nOwner: \\\"data\\\"\\tteam\"\n  schedule         = \"*/10 * * * *\"\n"));
  }

  @Test
  public void aCronAlignedWithSeveralSpacesDeploysWithOne() {
    DeployPlan plan = planOfTheFixture("\"*/10 * * * *\"", "\"*/10  *  * * *\"");
    assertEquals("*/10 * * * *", plan.launches().get(0).request().parameters().get("scheduleCron").asText());
  }

  @Test
  public void aScheduleWritingToALocalStoreCannotDeploy() {
    var problems = planProblems("  store: firestore\n", "  store: sqlite:out/cache.db\n");
    assertEquals(2, problems.size());
    assertThat(problems.get(0).toString(), containsString("local.yaml:18: schedule 'chats': store"
        + " sqlite:out/cache.db is a local file that Dataflow workers cannot write"));
  }

  @Test
  public void aScheduleReadingALocalExportCannotDeploy() {
    var problems = planProblems("  source: firestore\n", "  source: files\n  input: out/seed\n");
    assertThat(problems.get(0).toString(), containsString("local.yaml:19: schedule 'chats': input"
        + " out/seed is local"));
  }

  /** The launcher reads the config in the template's container, which has only the job jar. */
  @Test
  public void aScheduleNamingALocalConfigFileCannotDeploy() {
    String local = "src/main/resources/counts/queries.json"; // readable here, not in the container
    var problems = planProblems("      chats: {}\n",
        "      chats: {}\n      counts: {countsConfig: " + local + "}\n");
    assertThat(problems.toString(), containsString("local.yaml:18: schedule 'chats': job counts"
        + " sets countsConfig to " + local + ", a path the Flex Template's container does not have"));
    var bundled = planProblems("      chats: {}\n",
        "      chats: {}\n      counts: {countsConfig: 'classpath:counts/queries.json'}\n");
    assertThat(bundled.toString(), org.hamcrest.Matchers.not(containsString("countsConfig")));
  }

  /** validate took it (a local run reads it); plan refused it later, on the schedule's name line. */
  @Test
  public void aScheduleSettingAnOptionTheTemplateDoesNotTakeCannotDeploy() {
    var problems = planProblems("      chats: {}\n", "      chats: {storeDownAfterSeconds: 60}\n");
    assertThat(problems.toString(), containsString("local.yaml:18: schedule 'chats': job"
        + " chats sets storeDownAfterSeconds, which a deployed run does not take (the launcher"
        + " returns once the job is created"));
  }

  @Test
  public void aFirestoreScheduleWithoutAStateLocationCannotDeploy() {
    var problems = planProblems("  firestoreProject: ${project}\n", "  firestoreProject: ${project}\n");
    assertEquals(2, problems.size());
    assertThat(problems.get(0).toString(), containsString("local.yaml:18: schedule 'chats': store"
        + " firestore needs 'stateLocation', a gs:// prefix"));
    String withState = com.avalo.precompute.schedule.SchedulesFixture.VALID.replace(
        "  firestoreProject: ${project}\n", "  firestoreProject: ${project}\n  stateLocation: gs://b/state\n");
    DeployPlanner.plan(new SchedulesReader(Jobs.all()).read("local.yaml", withState, BundledPlan.VARIABLES),
        "avalo-prod", "europe-west1", Jobs.all());
  }
}
