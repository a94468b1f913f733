package com.avalo.precompute.schedule;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.serving.store.Lease;
import com.avalo.precompute.serving.store.RunLedger;
import com.avalo.precompute.serving.store.StoreUnavailableException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * The main the Flex Template image runs (the Dockerfile's {@code FLEX_TEMPLATE_JAVA_MAIN_CLASS}).
 * Dataflow hands it the launch body's parameters as Beam arguments; it parses them once
 * ({@link ScheduledLaunchOptions}, the run's settings and the jobs' options), needs no schedules
 * file, takes the window's lease, submits the pipeline and exits without waiting: the pipeline
 * records its own success. A window that succeeded or is running is said and exits 0.
 */
public final class FlexTemplateLauncher {
  private FlexTemplateLauncher() {}

  public static void main(String[] args) {
    System.exit(launch(List.of(args), Clock.systemUTC(), System.out, System.err));
  }

  /**
   * Launches one window and returns the exit code: 0 when submitted or not needed, 2 for bad
   * input or an unreachable ledger (one {@code error:} line, nothing written), 1 when the
   * submission failed (recorded in the ledger).
   */
  static int launch(List<String> args, Clock clock, PrintStream out, PrintStream err) {
    try {
      PipelineOptionsFactory.register(ScheduledLaunchOptions.class);
      PrecomputeOptions options = PrecomputeRunner.parseOptions(Jobs.all(), args.toArray(String[]::new));
      ScheduledLaunchOptions launch = options.as(ScheduledLaunchOptions.class);
      requireParameters(launch);
      List<PrecomputeJob> jobs = Jobs.named(Arrays.stream(launch.getJobs().split(","))
          .map(String::strip).filter(name -> !name.isEmpty()).toList());
      WindowLaunch window = WindowLaunch.prepare(timing(launch), launch.getWindow(), false, jobs,
          options, RunSettings.from(options), clock, WindowLaunch.owner("flex template launcher"));
      try (RunLedger ledger = window.settings().store().openLedger()) {
        if (!launch.getWindow().isBlank()) {
          // A window named by hand (Cloud Scheduler's body names none): as 'run --schedule'
          // refuses it without --force, which a template launch does not have.
          window.refuseIfSuperseded(ledger, " (leave the window parameter out), or rerun this"
              + " one with 'precompute run --schedule " + window.timing().name() + " --window "
              + window.window().start() + " --force'");
        }
        Lease lease = window.acquire(ledger);
        if (lease instanceof Lease.Granted granted) {
          // Inside a Flex Template launch, Dataflow's runner only writes the job's graph and
          // returns a result whose every method throws (DataflowTemplateJob): ask it nothing.
          window.submit(ledger, granted);
          out.println(window.describe() + ": " + granted.message() + "; submitted run "
              + window.settings().runId());
        } else {
          out.println(window.describe() + ": " + lease.message());
        }
        return 0;
      }
    } catch (WindowLaunch.LaunchFailedException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | StoreUnavailableException e) {
      err.println("error: " + WindowLaunch.reason(e));
      return 2;
    }
  }

  /** Every required launch parameter is given: one line naming the first that is not. */
  static void requireParameters(ScheduledLaunchOptions launch) {
    for (OptionProperty property : OptionProperty.declaredIn(ScheduledLaunchOptions.class)) {
      if (property.getter().isAnnotationPresent(Validation.Required.class)) {
        Object value;
        try {
          value = property.getter().invoke(launch);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read --" + property.name(), e);
        }
        if (value == null || value.toString().isBlank()) {
          throw new IllegalArgumentException("missing launch parameter --" + property.name() + ": "
              + property.description());
        }
      }
    }
  }

  /** The schedule as the launch parameters give it. */
  static ScheduleTiming timing(ScheduledLaunchOptions launch) {
    Cadence cadence = Cadence.parse(launch.getScheduleCron(), launch.getScheduleTimeZone());
    return new ScheduleTiming(launch.getSchedule(), cadence, duration("expiryGrace", launch.getExpiryGrace()),
        launch.getExpiryTicks(), duration("maxRunTime", launch.getMaxRunTime()));
  }

  private static Duration duration(String option, String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + option + " '" + text + "' is not an ISO-8601 duration"
          + " such as PT30M");
    }
  }
}
