package com.avalo.precompute.schedule;

import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One schedule of a file as read, its defaults merged in, with the lines the checks after reading
 * point at. {@link #schedule} is null when a value could not be read (the problem is recorded).
 *
 * @param schedule the schedule, or null
 * @param jobs its jobs and their options, with lines
 * @param lines the line of each schedule key (a key inherited from {@code defaults} points there)
 */
record ScheduleEntry(Schedule schedule, List<JobEntry> jobs, Map<String, Integer> lines) {

  /** Cloud Scheduler refuses a job description longer than this, at deploy time. */
  static final int MAX_DESCRIPTION_CHARACTERS = 500;

  static final Set<String> KEYS = Set.of("name", "description", "cron", "timeZone", "jobs", "source",
      "input", "store", "firestoreProject", "stateLocation", "expiryGrace", "expiryTicks", "maxRunTime", "attemptDeadline",
      "retry", "environment");
  /** Keys a {@code defaults} block may give: all but what makes a schedule itself. */
  static final Set<String> DEFAULT_KEYS = Set.of("timeZone", "source", "input", "store",
      "firestoreProject", "stateLocation", "expiryGrace", "expiryTicks", "maxRunTime",
      "attemptDeadline", "retry", "environment");
  static final String NAME_RULE = "lowercase letters, digits and hyphens, starting with a letter,"
      + " at most 40 characters";
  private static final Set<String> ENVIRONMENT_KEYS = Set.of("region", "numWorkers", "maxWorkers",
      "machineType", "serviceAccount", "tempLocation", "stagingLocation");
  private static final Set<String> RETRY_KEYS = Set.of("attempts", "minBackoff", "maxBackoff", "maxDoublings");
  private static final Duration DEFAULT_ATTEMPT_DEADLINE = Duration.ofMinutes(3);
  /** A run's lease unless the schedule says otherwise: Dataflow's start-up and a heavy job fit. */
  static final Duration DEFAULT_MAX_RUN_TIME = Duration.ofHours(1);
  /** Most ticks documents may outlive their run: beyond that a stopped schedule goes unnoticed. */
  static final int MAX_EXPIRY_TICKS = 100;
  private static final String GCS_PATH = "^gs://[a-z0-9][-_.a-z0-9]*[a-z0-9](/.*)?$";

  /** A job of the schedule, as written. */
  record JobEntry(String name, int line, Map<String, OptionEntry> options) {}

  /** A job option's value as written, and its line. */
  record OptionEntry(String value, int line) {}

  /** Reads the schedule {@code mapping} (defaults already merged in). */
  static ScheduleEntry read(String file, YamlTree.Mapping mapping, List<Problem> problems) {
    int before = problems.size();
    String what = mapping.entries().get("name") != null
        && mapping.entries().get("name").value() instanceof YamlTree.Scalar declared && declared.text() != null
        ? "schedule '" + declared.text() + "'" : "a schedule";
    MappingFields fields = new MappingFields(file, what, mapping, KEYS, problems);
    String name = fields.matching("name", true, "^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$", NAME_RULE);
    Cadence cadence = cadence(fields);
    List<JobEntry> jobs = jobs(fields, what);
    String source = fields.matching("source", true, "^(files|firestore)$", "files or firestore");
    String input = fields.text("input", "files".equals(source));
    String firestoreProject = fields.text("firestoreProject", false);
    if ("firestore".equals(source) && firestoreProject == null) {
      fields.problem(fields.line("source"), "source firestore needs 'firestoreProject'");
    }
    String store = fields.text("store", true);
    if (store != null) {
      try {
        StoreSpec.parse(store, firestoreProject, null);
      } catch (IllegalArgumentException e) {
        fields.problem(fields.line("store"), e.getMessage());
      }
    }
    // Required only to deploy (DeployPlanner): a local run keeps its manifests beside its store.
    String stateLocation = fields.text("stateLocation", false);
    if (stateLocation != null && store != null && store.startsWith("firestore")
        && !stateLocation.startsWith("gs://")) {
      fields.problem(fields.line("stateLocation"), "'stateLocation' is " + stateLocation
          + "; a run on Dataflow keeps its manifests under a gs://BUCKET/PATH prefix");
    }
    Duration expiryGrace = fields.duration("expiryGrace", null);
    Integer expiryTicks = fields.integer("expiryTicks", 1, MAX_EXPIRY_TICKS, 1);
    Duration maxRunTime = fields.duration("maxRunTime", DEFAULT_MAX_RUN_TIME);
    Duration attemptDeadline = fields.duration("attemptDeadline", DEFAULT_ATTEMPT_DEADLINE);
    if (attemptDeadline != null && (attemptDeadline.compareTo(Duration.ofSeconds(15)) < 0
        || attemptDeadline.compareTo(Duration.ofMinutes(30)) > 0)) {
      fields.problem(fields.line("attemptDeadline"), "'attemptDeadline' is " + attemptDeadline
          + "; Cloud Scheduler allows 15 seconds to 30 minutes for an HTTP target");
    }
    RetryPolicy retry = retry(file, fields, what, problems);
    DataflowEnvironment environment = environment(file, fields, what, problems);
    String description = fields.text("description", false);
    long descriptionLength = description == null ? 0 : description.codePoints().count();
    if (descriptionLength > MAX_DESCRIPTION_CHARACTERS) {
      fields.problem(fields.line("description"), "'description' has " + descriptionLength
          + " characters; Cloud Scheduler takes at most " + MAX_DESCRIPTION_CHARACTERS);
    }

    Map<String, Integer> lines = new LinkedHashMap<>();
    KEYS.forEach(key -> lines.put(key, fields.line(key)));
    lines.put("name", fields.entry("name").map(e -> e.value().line()).orElse(mapping.line()));
    if (problems.size() > before) {
      return new ScheduleEntry(null, jobs, lines);
    }
    List<Schedule.ScheduledJob> scheduled = jobs.stream().map(job -> {
      Map<String, String> options = new LinkedHashMap<>();
      job.options().forEach((option, entry) -> options.put(option, entry.value()));
      return new Schedule.ScheduledJob(job.name(), options);
    }).toList();
    return new ScheduleEntry(new Schedule(name, lines.get("name"), cadence, scheduled, source, input,
        store, firestoreProject, stateLocation, expiryGrace, expiryTicks, maxRunTime, attemptDeadline, retry, environment,
        description != null ? description : "Runs " + String.join(", ", scheduled.stream()
            .map(Schedule.ScheduledJob::name).toList()) + " on cron " + cadence.cron() + " ("
            + cadence.zone() + ")"), jobs, lines);
  }

  private static Cadence cadence(MappingFields fields) {
    String zone = fields.text("timeZone", false);
    if (zone == null) {
      zone = fields.entry("timeZone").isPresent() ? null : "Etc/UTC";
    } else {
      try {
        Cadence.zone(zone);
      } catch (IllegalArgumentException e) {
        fields.problem(fields.line("timeZone"), e.getMessage());
        zone = null;
      }
    }
    String cron = fields.text("cron", true);
    if (cron == null || zone == null) {
      return null;
    }
    try {
      return Cadence.parse(cron, zone);
    } catch (IllegalArgumentException e) {
      fields.problem(fields.line("cron"), e.getMessage());
      return null;
    }
  }

  private static List<JobEntry> jobs(MappingFields fields, String what) {
    List<JobEntry> jobs = new ArrayList<>();
    YamlTree.Node node = fields.entry("jobs").map(YamlTree.Entry::value).orElse(null);
    if (node == null) {
      fields.problem(fields.mapping().line(), what + " needs 'jobs'");
    } else if (node instanceof YamlTree.Sequence names) {
      for (YamlTree.Node item : names.items()) {
        if (item instanceof YamlTree.Scalar scalar && scalar.text() != null) {
          jobs.add(new JobEntry(scalar.text(), scalar.line(), Map.of()));
        } else {
          fields.problem(item.line(), "a job in a list is a name; give options as 'jobs: {NAME: {OPTION: VALUE}}'");
        }
      }
    } else if (node instanceof YamlTree.Mapping byName) {
      for (YamlTree.Entry job : byName.entries().values()) {
        jobs.add(new JobEntry(job.key(), job.line(), options(fields, job)));
      }
    } else {
      fields.problem(fields.line("jobs"), "'jobs' must list job names, or map each job to its options");
    }
    if (node != null && jobs.isEmpty()) {
      fields.problem(fields.line("jobs"), what + " runs no job");
    }
    return jobs;
  }

  private static Map<String, OptionEntry> options(MappingFields fields, YamlTree.Entry job) {
    Map<String, OptionEntry> options = new LinkedHashMap<>();
    if (job.value() instanceof YamlTree.Scalar scalar && scalar.text() == null) {
      return options;
    }
    if (!(job.value() instanceof YamlTree.Mapping mapping)) {
      fields.problem(job.line(), "the options of job '" + job.key() + "' must be a mapping of"
          + " option names to values ({} for none)");
      return options;
    }
    for (YamlTree.Entry option : mapping.entries().values()) {
      if (option.value() instanceof YamlTree.Scalar value && value.text() != null) {
        options.put(option.key(), new OptionEntry(value.text(), option.line()));
      } else {
        fields.problem(option.line(), "option '" + option.key() + "' of job '" + job.key()
            + "' must be a single value");
      }
    }
    return options;
  }

  private static RetryPolicy retry(String file, MappingFields fields, String what, List<Problem> problems) {
    YamlTree.Mapping mapping = fields.nested("retry", false);
    if (mapping == null) {
      return RetryPolicy.NONE;
    }
    MappingFields retry = new MappingFields(file, "the retry of " + what, mapping, RETRY_KEYS, problems);
    RetryPolicy none = RetryPolicy.NONE;
    Integer attempts = retry.integer("attempts", 0, 5, none.attempts());
    Duration minBackoff = retry.duration("minBackoff", none.minBackoff());
    Duration maxBackoff = retry.duration("maxBackoff", none.maxBackoff());
    Integer maxDoublings = retry.integer("maxDoublings", 0, 16, none.maxDoublings());
    if (minBackoff != null && maxBackoff != null && minBackoff.compareTo(maxBackoff) > 0) {
      retry.problem(retry.line("minBackoff"), "'minBackoff' " + minBackoff
          + " is longer than 'maxBackoff' " + maxBackoff);
      return null;
    }
    return attempts == null || minBackoff == null || maxBackoff == null || maxDoublings == null ? null
        : new RetryPolicy(attempts, minBackoff, maxBackoff, maxDoublings);
  }

  private static DataflowEnvironment environment(String file, MappingFields fields, String what,
      List<Problem> problems) {
    YamlTree.Mapping mapping = fields.nested("environment", true);
    if (mapping == null) {
      return null;
    }
    MappingFields environment = new MappingFields(file, "the environment of " + what, mapping,
        ENVIRONMENT_KEYS, problems);
    String region = environment.matching("region", true, "^[a-z]+-[a-z]+[0-9]+$",
        "a Dataflow region such as europe-west1");
    Integer numWorkers = environment.integer("numWorkers", 1, 1000, 1);
    Integer maxWorkers = environment.integer("maxWorkers", 1, 1000, null);
    if (numWorkers != null && maxWorkers != null && numWorkers > maxWorkers) {
      environment.problem(environment.line("numWorkers"), "'numWorkers' " + numWorkers
          + " is more than 'maxWorkers' " + maxWorkers);
    }
    String machineType = environment.matching("machineType", true, "^[a-z][-a-z0-9]*[a-z0-9]$",
        "a Compute Engine machine type such as n2-standard-2");
    String serviceAccount = environment.matching("serviceAccount", true, "^[^@\\s]+@[^@\\s]+\\.[a-z]+$",
        "a service account email");
    String tempLocation = environment.matching("tempLocation", true, GCS_PATH, "a gs:// path");
    String stagingLocation = environment.matching("stagingLocation", false, GCS_PATH, "a gs:// path");
    return numWorkers == null || maxWorkers == null ? null : new DataflowEnvironment(region, numWorkers,
        maxWorkers, machineType, serviceAccount, tempLocation, stagingLocation);
  }
}
