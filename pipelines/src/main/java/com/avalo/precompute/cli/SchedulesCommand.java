package com.avalo.precompute.cli;

import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schedule.SchedulesException;
import com.avalo.precompute.schedule.SchedulesFile;
import com.avalo.precompute.schedule.SchedulesReader;
import com.avalo.precompute.schedule.deploy.DeployPlan;
import com.avalo.precompute.schedule.deploy.DeployPlanner;
import com.avalo.precompute.schedule.deploy.Deployer;
import com.avalo.precompute.schedule.deploy.GcloudScript;
import com.avalo.precompute.schedule.deploy.JsonPlan;
import com.avalo.precompute.schedule.deploy.ProcessGcloud;
import com.avalo.precompute.schedule.deploy.TerraformPlan;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code precompute schedules validate|plan|deploy}: checks the schedules file offline, renders
 * what a deploy to Google Cloud would do, and does it. Problems in the file print as
 * {@code FILE:LINE: message} and exit 2.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = {"Checks, plans and deploys the schedules (Cloud Scheduler -> Dataflow Flex Template).",
        "The bundled file is " + SchedulesReader.BUNDLED,
        "(pipelines/src/main/resources/schedules/avalo.yaml in the sources)."},
    subcommands = {SchedulesCommand.Validate.class, SchedulesCommand.Plan.class, SchedulesCommand.Deploy.class})
final class SchedulesCommand {

  /** Reads a schedules file, printing its problems and returning null when there are any. */
  static SchedulesFile read(String file, Map<String, String> variables) {
    try {
      return new SchedulesReader(Jobs.all()).load(file, variables);
    } catch (SchedulesException e) {
      e.problems().forEach(problem -> System.err.println(problem));
      return null;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Checks a schedules file offline.",
          "Cron syntax, job names, that every job option exists and parses, required options,",
          "duplicate names, and that retries and expiry fit the cadence. Problems print as",
          "FILE:LINE: message (exit 2)."})
  static final class Validate implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The schedules file. Default: the bundled one")
    String positional;

    @Option(names = "--schedules", paramLabel = "FILE",
        description = "The schedules file, named as plan, deploy and run name it (or give FILE)")
    String named;

    @Override
    public Integer call() {
      if (positional != null && named != null && !positional.equals(named)) {
        System.err.println("error: two schedules files given (" + positional + " and --schedules="
            + named + "); name one");
        return 2;
      }
      String file = named != null ? named : positional != null ? positional : SchedulesReader.BUNDLED;
      SchedulesFile schedules = read(file, Map.of());
      if (schedules == null) {
        return 2;
      }
      System.out.printf(Locale.ROOT, "%s: %d schedules OK%n", file, schedules.schedules().size());
      for (Schedule schedule : schedules.schedules()) {
        System.out.printf(Locale.ROOT,
            "  %-12s %-16s %-9s %s%n", schedule.name(), schedule.cadence().cron(),
            schedule.cadence().zone(), String.join(", ", schedule.jobNames()));
      }
      // Valid for the local scheduler, which is all 'OK' promises; say now what plan would refuse.
      for (Schedule schedule : schedules.schedules()) {
        for (String reason : DeployPlanner.localOnlyReasons(schedule)) {
          System.out.printf(Locale.ROOT,
              "note: %s runs only on this machine; plan and deploy refuse it: %s%n",
              schedule.name(), reason);
        }
      }
      return 0;
    }
  }

  /** The options that say which file goes to which project. */
  static final class Target {
    @Option(names = "--project", required = true, description = "Google Cloud project id")
    String project;

    @Option(names = "--region", required = true,
        description = "Cloud Scheduler location and default Dataflow region, e.g. europe-west1")
    String region;

    @Option(names = "--schedules", paramLabel = "FILE", description = "The schedules file. Default: the bundled one")
    String file = SchedulesReader.BUNDLED;

    /** The checked plan, or null when the file has problems (printed). */
    DeployPlan plan() {
      if (!project.matches("[a-z][-a-z0-9]{4,28}[a-z0-9]")) {
        throw new IllegalArgumentException("--project '" + project + "' is not a Google Cloud project id"
            + " (6-30 lowercase letters, digits and hyphens, starting with a letter)");
      }
      if (!region.matches("[a-z]+-[a-z]+[0-9]+")) {
        throw new IllegalArgumentException("--region '" + region + "' is not a region such as europe-west1");
      }
      SchedulesFile schedules = read(file, Map.of("project", project, "region", region));
      if (schedules == null) {
        return null;
      }
      try {
        return DeployPlanner.plan(schedules, project, region, Jobs.all());
      } catch (SchedulesException e) {
        e.problems().forEach(problem -> System.err.println(problem));
        return null;
      }
    }
  }

  /** The formats of a plan. */
  enum Format { gcloud, terraform, json }

  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = {"Prints what 'schedules deploy' would do, and changes nothing.",
          "The Flex Template build, one Cloud Scheduler job per schedule POSTing to",
          "flexTemplates:launch, and the cache collection's TTL policy and index exemptions. Every",
          "launch body is checked against the generated template metadata first."})
  static final class Plan implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target = new Target();

    @Option(names = "--format", defaultValue = "gcloud",
        description = "gcloud (a bash script), terraform or json. Default: ${DEFAULT-VALUE}")
    Format format;

    @Override
    public Integer call() {
      DeployPlan plan = target.plan();
      if (plan == null) {
        return 2;
      }
      System.out.print(switch (format) {
        case gcloud -> GcloudScript.render(plan);
        case terraform -> TerraformPlan.render(plan);
        case json -> JsonPlan.render(plan);
      });
      return 0;
    }
  }

  @Command(name = "deploy", mixinStandardHelpOptions = true,
      description = {"Applies the plan with gcloud, step by step, stopping at the first failure.",
          "Refuses without --yes. Needs the bundled pipelines jar and gcloud signed in to the project."})
  static final class Deploy implements Callable<Integer> {
    @picocli.CommandLine.Mixin Target target = new Target();

    @Option(names = "--yes", description = "Really change the project")
    boolean yes;

    @Option(names = "--gcloud", defaultValue = "gcloud", hidden = true,
        description = "The gcloud executable (tests pass a recording fake)")
    String gcloud;

    @Option(names = "--root", defaultValue = ".",
        description = "The repository root, where pipelines/ is; gcloud runs there. Default: the current directory")
    Path root;

    @Override
    public Integer call() {
      DeployPlan plan = target.plan();
      if (plan == null) {
        return 2;
      }
      if (!yes) {
        System.err.printf(Locale.ROOT,
            "error: deploy changes project %s (%d steps); see them with 'precompute"
            + " schedules plan --project %s --region %s', then rerun with --yes%n", plan.project(),
            plan.steps().size(), plan.project(), plan.region());
        return 2;
      }
      try {
        new Deployer(new ProcessGcloud(gcloud, root), root, System.err).apply(plan);
      } catch (IllegalStateException e) {
        // A failed gcloud step: the project may be half changed, so say where it stopped.
        System.err.println("error: " + e.getMessage());
        return 1;
      }
      System.out.printf(Locale.ROOT,
          "deployed %d schedules to project %s (%s)%n", plan.launches().size(),
          plan.project(), plan.region());
      return 0;
    }
  }
}
