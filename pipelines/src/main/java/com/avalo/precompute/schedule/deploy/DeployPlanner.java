package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.schedule.Problem;
import com.avalo.precompute.schedule.RetryPolicy;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schedule.SchedulesException;
import com.avalo.precompute.schedule.SchedulesFile;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.SqliteStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a checked schedules file into the deploy plan for one project: refuses what Dataflow
 * cannot run (a local store or input), builds and checks every launch request against the
 * generated template metadata, and lays out the gcloud steps.
 */
public final class DeployPlanner {
  /** Where the template image is built from: the pipelines module, with its Dockerfile. */
  public static final String BUILD_CONTEXT = "pipelines";
  /** The shaded pipelines jar the Dockerfile copies, inside the build context. */
  public static final String BUNDLED_JAR = "target/avalo-pipelines-bundled.jar";

  private DeployPlanner() {}

  /**
   * The plan of {@code file} (its variables filled for {@code project} and {@code region}).
   *
   * @throws SchedulesException with a {@code FILE:LINE: message} per schedule that cannot deploy
   */
  public static DeployPlan plan(SchedulesFile file, String project, String region, List<PrecomputeJob> jobs) {
    TemplateMetadata metadata = TemplateMetadataGenerator.generate(file.deployment().name(), jobs);
    List<Problem> problems = new ArrayList<>();
    List<DeployPlan.ScheduledLaunch> launches = new ArrayList<>();
    Set<FirestoreStoreSpec> stores = new LinkedHashSet<>();
    Set<List<String>> deadLetters = new LinkedHashSet<>();
    for (Schedule schedule : file.schedules()) {
      FirestoreStoreSpec store = firestoreStore(schedule);
      localOnlyReasons(schedule, store != null)
          .forEach(reason -> problems.add(file.problem(schedule, reason)));
      if (store == null) {
        continue;
      }
      stores.add(store);
      // Where the schedule's runs write their refused records.
      schedule.jobs().forEach(job -> deadLetters.add(List.of(store.project(),
          job.options().getOrDefault("deadLetterCollection", DEFAULT_DEAD_LETTER_COLLECTION))));
      LaunchRequest request = LaunchRequest.of(file.deployment(), schedule, project);
      LaunchRequestCheck.problems(request, metadata).forEach(problem ->
          problems.add(file.problem(schedule, "launch request: " + problem)));
      launches.add(new DeployPlan.ScheduledLaunch(schedule, file.deployment().jobName(schedule),
          file.deployment().schedulerServiceAccount(), request));
    }
    if (!problems.isEmpty()) {
      throw new SchedulesException(problems);
    }
    DeployPlan.TemplateBuild template = new DeployPlan.TemplateBuild(file.deployment().name(),
        file.deployment().image(), file.deployment().templateSpec(),
        BUILD_CONTEXT + "/target/flex-template/" + file.deployment().name() + "-metadata.json",
        BUILD_CONTEXT, metadata);
    // The store's project, not the one Dataflow and Scheduler run in: the two may differ, and the
    // runs write their documents and their ledger where the store is.
    List<FirestoreFieldConfig> fields = new ArrayList<>();
    stores.forEach(store -> fields.addAll(FirestoreFieldConfig.cacheCollection(store.project(), store.collection())));
    // One run ledger and one invalidation bus per database, beside however many cache collections.
    Set<String> storeProjects = new LinkedHashSet<>();
    stores.forEach(store -> storeProjects.add(store.project()));
    List<FirestoreIndex> indexes = new ArrayList<>();
    deadLetters.forEach(where ->
        fields.addAll(FirestoreFieldConfig.deadLetterCollection(where.get(0), where.get(1))));
    for (String storeProject : storeProjects) {
      fields.addAll(FirestoreFieldConfig.runsCollection(storeProject));
      fields.addAll(FirestoreFieldConfig.invalidationsCollection(storeProject));
      indexes.add(FirestoreIndex.runsBySchedule(storeProject));
    }
    return new DeployPlan(project, region, file.file(), template, launches, fields, indexes,
        steps(project, region, template, launches, file.deployment().jobNamePrefix(), fields, indexes));
  }

  /**
   * Why {@code schedule} can run only on this machine (the local scheduler) and not on Dataflow:
   * empty when it can deploy. {@code validate} says these as notes, {@code plan} refuses them.
   */
  public static List<String> localOnlyReasons(Schedule schedule) {
    return localOnlyReasons(schedule, firestoreStore(schedule) != null);
  }

  /** The Firestore store {@code schedule} writes to; null for a store Dataflow cannot write. */
  private static FirestoreStoreSpec firestoreStore(Schedule schedule) {
    // A visitor, not a kind check: a new kind of store fails to compile here until it says
    // whether Dataflow workers can write to it and what it needs configured.
    return StoreSpec.parse(schedule.store(), schedule.firestoreProject(), null)
        .accept(new StoreSpec.Visitor<FirestoreStoreSpec>() {
          @Override
          public FirestoreStoreSpec sqlite(SqliteStoreSpec spec) {
            return null;
          }

          @Override
          public FirestoreStoreSpec firestore(FirestoreStoreSpec spec) {
            return spec;
          }
        });
  }

  /** {@code --deadLetterCollection}'s default, as PrecomputeOptions declares it. */
  private static final String DEFAULT_DEAD_LETTER_COLLECTION =
      declaredDefault("getDeadLetterCollection");

  private static String declaredDefault(String getter) {
    try {
      return TemplateMetadataGenerator.defaultValue(PrecomputeOptions.class.getMethod(getter));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Job options naming a config file that the launcher reads where it runs. */
  private static final List<String> CLASSPATH_ONLY_OPTIONS = List.of("countsConfig", "feedsConfig");

  private static List<String> localOnlyReasons(Schedule schedule, boolean firestore) {
    List<String> reasons = new ArrayList<>();
    if (!firestore) {
      reasons.add("store " + schedule.store() + " is a local file that Dataflow workers cannot"
          + " write; a deployed schedule writes to firestore");
      return reasons;
    }
    if (schedule.input() != null && !schedule.input().startsWith("gs://")) {
      reasons.add("input " + schedule.input() + " is local; Dataflow workers read files from gs:// paths");
    }
    if (schedule.stateLocation() == null) {
      // Firestore has no place of its own for the manifests incremental runs diff against.
      reasons.add("store " + schedule.store() + " needs 'stateLocation', a gs:// prefix where each"
          + " run leaves its manifest for the next");
    }
    // The configs are read where the launch runs, the template's container, which has only the
    // job jar: a path there failed every launch before it took the ledger's lease, so the ledger
    // showed nothing of it.
    for (Schedule.ScheduledJob job : schedule.jobs()) {
      // Options a local run reads but the template declares no parameter for: plan refused
      // them later, as a parameter the template does not declare, on the schedule's name line.
      for (String option : new java.util.TreeSet<>(job.options().keySet())) {
        String why = TemplateMetadataGenerator.NOT_PARAMETERS.get(option);
        if (why != null) {
          reasons.add("job " + job.name() + " sets " + option + ", which a deployed run does not"
              + " take (" + why + ")");
        }
      }
      for (String option : CLASSPATH_ONLY_OPTIONS) {
        String value = job.options().get(option);
        if (value != null && !value.startsWith("classpath:")) {
          reasons.add("job " + job.name() + " sets " + option + " to " + value + ", a path the"
              + " Flex Template's container does not have; deployed, it must be a classpath:"
              + " resource of the job jar");
        }
      }
    }
    return reasons;
  }

  private static List<DeployStep> steps(String project, String region, DeployPlan.TemplateBuild template,
      List<DeployPlan.ScheduledLaunch> launches, String jobNamePrefix, List<FirestoreFieldConfig> fields,
      List<FirestoreIndex> indexes) {
    String projectFlag = "--project=" + project;
    List<DeployStep> steps = new ArrayList<>();
    steps.add(new DeployStep.WriteFile("template metadata, generated from the options interfaces",
        template.metadataFile(), Json.writePretty(template.metadata().toJson()) + "\n"));
    steps.add(new DeployStep.Run("template image (Dockerfile in " + template.buildContext() + ")",
        gcloud(List.of("builds", "submit", template.buildContext(), projectFlag, "--tag=" + template.image()))));
    steps.add(new DeployStep.Run("template spec", gcloud(List.of("dataflow", "flex-template", "build",
        template.spec(), projectFlag, "--image=" + template.image(), "--sdk-language=JAVA",
        "--metadata-file=" + template.metadataFile()))));
    // The store's settings first: every launch reads the ledger's recent windows through its
    // composite index, so a Scheduler job that ticked before the index was built failed its run.
    for (FirestoreFieldConfig field : fields) {
      List<String> where = List.of(field.field(), "--collection-group=" + field.collectionGroup(),
          "--database=(default)", "--project=" + field.project());
      if (field.ttl()) {
        steps.add(new DeployStep.Run("TTL policy on " + field.collectionGroup() + "." + field.field(),
            gcloud(List.of("firestore", "fields", "ttls", "update"), where, List.of("--enable-ttl"))));
      }
      steps.add(new DeployStep.Run("no single-field indexes on " + field.collectionGroup() + "."
          + field.field() + ": " + field.why(),
          gcloud(List.of("firestore", "indexes", "fields", "update"), where, List.of("--disable-indexes"))));
    }
    for (FirestoreIndex index : indexes) {
      List<String> create = new ArrayList<>(List.of("firestore", "indexes", "composite", "create",
          "--collection-group=" + index.collectionGroup(), "--query-scope=COLLECTION"));
      index.fields().forEach(field -> create.add("--field-config=field-path=" + field.path()
          + ",order=" + field.order().toLowerCase(Locale.ROOT)));
      steps.add(new DeployStep.CreateOnce("composite index on " + index.collectionGroup() + " ("
          + String.join(", ", index.fields().stream().map(f -> f.path() + (f.descending() ? " desc" : "")).toList())
          + "): " + index.why(), gcloud(create, List.of("--database=(default)", "--project=" + index.project()))));
    }
    for (DeployPlan.ScheduledLaunch launch : launches) {
      Schedule schedule = launch.schedule();
      List<String> where = List.of(launch.schedulerJob(), projectFlag, "--location=" + region);
      List<String> common = new ArrayList<>(List.of("--schedule=" + schedule.cadence().cron(),
          "--time-zone=" + schedule.cadence().zone().getId(), "--uri=" + launch.request().uri(),
          "--http-method=POST", "--message-body=" + launch.request().bodyText(),
          "--oauth-service-account-email=" + launch.serviceAccount(),
          "--oauth-token-scope=" + DeployPlan.OAUTH_SCOPE,
          "--attempt-deadline=" + seconds(schedule.attemptDeadline())));
      RetryPolicy retry = schedule.retry();
      common.addAll(List.of("--max-retry-attempts=" + retry.attempts(),
          "--min-backoff=" + seconds(retry.minBackoff()), "--max-backoff=" + seconds(retry.maxBackoff()),
          "--max-doublings=" + retry.maxDoublings(), "--description=" + schedule.description()));
      List<String> create = gcloud(List.of("scheduler", "jobs", "create", "http"), where, common,
          List.of("--headers=Content-Type=application/json"));
      // An earlier max-retry-duration would keep retrying past the attempts: clear it on update.
      List<String> update = gcloud(List.of("scheduler", "jobs", "update", "http"), where, common,
          List.of("--update-headers=Content-Type=application/json", "--clear-max-retry-duration"));
      steps.add(new DeployStep.Upsert("schedule " + schedule.name() + ": " + schedule.cadence()
          + " runs " + String.join(", ", schedule.jobNames()),
          gcloud(List.of("scheduler", "jobs", "describe"), where, List.of("--format=value(name)")),
          create, update));
    }
    if (!launches.isEmpty()) {
      steps.add(new DeployStep.ReportStrays("Scheduler jobs named " + jobNamePrefix + "* that"
          + " launch " + template.spec() + " and that the file no longer has (a removed or"
          + " renamed schedule): reported, not deleted",
          gcloud(List.of("scheduler", "jobs", "list", projectFlag, "--location=" + region,
              "--format=value(name.basename(),httpTarget.body)")),
          jobNamePrefix, template.spec(),
          launches.stream().map(DeployPlan.ScheduledLaunch::schedulerJob).toList(),
          List.of(projectFlag, "--location=" + region)));
    }
    return steps;
  }

  /** A duration as gcloud and Terraform write it: whole seconds, {@code 90s}. */
  static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }

  /** A gcloud command of the parts, answering any prompt with its default: a deploy is unattended. */
  @SafeVarargs
  private static List<String> gcloud(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    all.add("--quiet");
    return all;
  }
}
