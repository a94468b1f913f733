package com.avalo.precompute.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Has Dataflow itself cancel a scheduled run when its lease runs out, through the service option
 * {@code max_workflow_runtime_walltime_seconds} (Dataflow's "stop long-running jobs"). A Flex
 * Template launcher exits once the job is created, so no process of ours is left to cancel a job
 * that runs past {@code maxRunTime}; without the bound it would go on writing while the next
 * launch takes the window over.
 */
final class DataflowRunTimeBound {
  static final String OPTION = "max_workflow_runtime_walltime_seconds";

  private DataflowRunTimeBound() {}

  /**
   * Sets the option to the whole seconds from {@code now} to {@code leaseUntil}, or keeps one
   * already given that is shorter; other service options are left as they are.
   *
   * @return the bound in force, in seconds
   * @throws IllegalStateException when the lease has already run out: nothing should be submitted
   */
  static long apply(PipelineOptions options, Instant now, Instant leaseUntil) {
    long seconds = Duration.between(now, leaseUntil).getSeconds();
    if (seconds <= 0) {
      throw new IllegalStateException("the lease ran out at " + leaseUntil
          + " before the job was submitted; the next launch takes the window over");
    }
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    List<String> serviceOptions = new ArrayList<>();
    if (dataflow.getDataflowServiceOptions() != null) {
      for (String given : dataflow.getDataflowServiceOptions()) {
        if (given.startsWith(OPTION + "=")) {
          seconds = Math.min(seconds, parseSeconds(given));
        } else {
          serviceOptions.add(given);
        }
      }
    }
    serviceOptions.add(OPTION + "=" + seconds);
    dataflow.setDataflowServiceOptions(serviceOptions);
    return seconds;
  }

  /**
   * Checks a bound given in {@code --dataflowServiceOptions}, so that a bad one stops the launch
   * before the lease is taken.
   */
  static void checkGiven(PipelineOptions options) {
    List<String> given = options.as(DataflowPipelineOptions.class).getDataflowServiceOptions();
    if (given != null) {
      given.stream().filter(option -> option.startsWith(OPTION + "="))
          .forEach(DataflowRunTimeBound::parseSeconds);
    }
  }

  private static long parseSeconds(String option) {
    String value = option.substring(OPTION.length() + 1);
    try {
      long seconds = Long.parseLong(value);
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // Said below, with the option's name.
    }
    throw new IllegalArgumentException("--dataflowServiceOptions=" + option
        + ": the run time must be a positive whole number of seconds");
  }
}
