package com.avalo.precompute.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of a schedules file: when it fires, what it runs, where it reads and writes, and on
 * what Dataflow environment. Values may still hold {@code ${project}} and {@code ${region}}.
 *
 * @param name the schedule's name: Cloud Scheduler job and Dataflow job names derive from it
 * @param line the line of its name in the file, for messages about the schedule as a whole
 * @param cadence its cron and zone
 * @param jobs the jobs it runs in one pipeline, with the options set for each
 * @param source {@code files} or {@code firestore}
 * @param input the NDJSON export directory when {@code source} is {@code files}, else null
 * @param store the store flag ({@code firestore}, {@code firestore:PROJECT} or {@code sqlite:PATH})
 * @param firestoreProject the Firestore project read and written, or null
 * @param stateLocation where runs leave their manifests ({@code --stateLocation}), or null for
 *     the store's own place; required with a Firestore store
 * @param expiryGrace added to the {@code expiryTicks}-th tick after a window to give its
 *     documents' {@code expiresAt}
 * @param expiryTicks how many ticks on a run's documents stay fresh (1: until the next run plus
 *     grace); more lets runs leave unchanged documents alone
 * @param maxRunTime the longest a run of a window may take: its lease in the run ledger, after
 *     which another launch may take the window over
 * @param attemptDeadline how long Cloud Scheduler waits for one launch request
 * @param retry how Cloud Scheduler retries a failed launch
 * @param environment where and on what the Dataflow job runs
 * @param description what the schedule is for, shown in Cloud Scheduler
 */
public record Schedule(
    String name,
    int line,
    Cadence cadence,
    List<ScheduledJob> jobs,
    String source,
    String input,
    String store,
    String firestoreProject,
    String stateLocation,
    Duration expiryGrace,
    int expiryTicks,
    Duration maxRunTime,
    Duration attemptDeadline,
    RetryPolicy retry,
    DataflowEnvironment environment,
    String description) {

  /** A job of a schedule and the options set for it ({@code name -> value} as written). */
  public record ScheduledJob(String name, Map<String, String> options) {
    public ScheduledJob {
      options = Map.copyOf(options);
    }
  }

  public Schedule {
    jobs = List.copyOf(jobs);
  }

  /** What a launch of this schedule needs to know of it, without the file. */
  public ScheduleTiming timing() {
    return new ScheduleTiming(name, cadence, expiryGrace, expiryTicks, maxRunTime);
  }

  /** The names of the jobs, in file order. */
  public List<String> jobNames() {
    return jobs.stream().map(ScheduledJob::name).toList();
  }

  /** Every job option of the schedule, by option name: one pipeline, one set of options. */
  public SortedMap<String, String> jobOptions() {
    SortedMap<String, String> options = new TreeMap<>();
    jobs.forEach(job -> options.putAll(job.options()));
    return options;
  }
}
