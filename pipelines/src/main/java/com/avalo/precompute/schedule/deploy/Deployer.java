package com.avalo.precompute.schedule.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Performs a deploy plan's steps in order through {@link Gcloud}, stopping at the first that
 * fails. Before the first step it checks what the steps need locally (the Dockerfile and the
 * bundled jar), so a missing build fails before anything in the project changes.
 */
public final class Deployer {
  private final Gcloud gcloud;
  private final Path root;
  private final PrintStream progress;

  /**
   * @param gcloud runs the commands
   * @param root the directory the plan's relative paths start from (the repository root)
   * @param progress where each step is announced
   */
  public Deployer(Gcloud gcloud, Path root, PrintStream progress) {
    this.gcloud = gcloud;
    this.root = root;
    this.progress = progress;
  }

  /**
   * Applies {@code plan}.
   *
   * @throws IllegalArgumentException when a local input is missing (nothing was run)
   * @throws IllegalStateException naming the step and gcloud's error when a command fails
   */
  public void apply(DeployPlan plan) {
    Path context = root.resolve(plan.template().buildContext());
    for (Path needed : List.of(context.resolve("Dockerfile"), context.resolve(DeployPlanner.BUNDLED_JAR))) {
      if (!Files.isRegularFile(needed)) {
        throw new IllegalArgumentException(needed + " is missing: build the bundled pipelines jar"
            + " first (see the README's deploy section); nothing was deployed");
      }
    }
    int number = 0;
    for (DeployStep step : plan.steps()) {
      progress.printf(Locale.ROOT, "[%d/%d] %s%n", ++number, plan.steps().size(), step.title());
      if (step instanceof DeployStep.WriteFile write) {
        write(write);
      } else if (step instanceof DeployStep.Run run) {
        require(step, run.args(), gcloud.run(run.args()));
      } else if (step instanceof DeployStep.Upsert upsert) {
        boolean exists = gcloud.run(upsert.describe()).exitCode() == 0;
        List<String> args = exists ? upsert.update() : upsert.create();
        require(step, args, gcloud.run(args));
      } else if (step instanceof DeployStep.ReportStrays strays) {
        reportStrays(strays, plan.file());
      } else if (step instanceof DeployStep.CreateOnce create) {
        Gcloud.Result result = gcloud.run(create.args());
        if (result.exitCode() != 0 && result.stderr().contains(DeployStep.CreateOnce.ALREADY_EXISTS)) {
          progress.println("  already there");
        } else {
          require(step, create.args(), result);
        }
      }
    }
  }

  private void reportStrays(DeployStep.ReportStrays step, String file) {
    Gcloud.Result listed = gcloud.run(step.list());
    if (listed.exitCode() != 0) {
      // Read-only and after the schedules are in place: a failure here leaves nothing half done.
      progress.println("  warning: could not list the Scheduler jobs (gcloud exited " + listed.exitCode()
          + (listed.lastErrorLine().isEmpty() ? "" : ": " + listed.lastErrorLine())
          + "); check by hand for jobs of removed schedules");
      return;
    }
    List<String> strays = step.strays(listed.stdout());
    if (strays.isEmpty()) {
      progress.println("  none");
    }
    for (String stray : strays) {
      progress.println("  warning: Scheduler job " + stray + " is not in " + file + " and still"
          + " launches its old body; delete it with: gcloud "
          + String.join(" ", step.delete(stray)));
    }
  }

  private void write(DeployStep.WriteFile write) {
    try {
      Path path = root.resolve(write.path());
      Files.createDirectories(path.getParent());
      Files.writeString(path, write.content(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + write.path() + ": " + e.getMessage(), e);
    }
  }

  private static void require(DeployStep step, List<String> args, Gcloud.Result result) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException("deploy stopped at '" + step.title() + "': gcloud "
          + String.join(" ", args.subList(0, Math.min(4, args.size()))) + " ... exited "
          + result.exitCode() + (result.lastErrorLine().isEmpty() ? "" : ": " + result.lastErrorLine()));
    }
  }
}
