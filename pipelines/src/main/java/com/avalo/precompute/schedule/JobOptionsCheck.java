package com.avalo.precompute.schedule;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.RunSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * Checks a schedule's jobs against the jobs the project has: every job exists, every option is one
 * of the job's own (or shared) options and parses with Beam's own parser, required options are
 * given, and the job's own {@link PrecomputeJob#validate} accepts the whole set, exactly as
 * {@code precompute run} would before a run.
 */
final class JobOptionsCheck {
  /** Shared options a schedule sets from its own keys (or the launcher from the tick), never a job. */
  private static final Map<String, String> SET_BY_SCHEDULE = Map.of(
      "source", "the schedule's 'source'", "input", "the schedule's 'input'",
      "store", "the schedule's 'store'", "firestoreProject", "the schedule's 'firestoreProject'",
      "stateLocation", "the schedule's 'stateLocation'",
      "asOf", "the tick (a window is computed as of its end)", "runId", "the launcher",
      "deadLetterDir", "the store (scheduled runs write dead letters to Firestore)",
      "emulatorHost", "nothing (scheduled runs use the real service)");

  private final Map<String, PrecomputeJob> jobs = new LinkedHashMap<>();

  JobOptionsCheck(List<PrecomputeJob> catalog) {
    catalog.forEach(job -> jobs.put(job.name(), job));
  }

  void check(String file, ScheduleEntry entry, List<Problem> problems) {
    int before = problems.size();
    Map<String, ScheduleEntry.OptionEntry> chosen = new TreeMap<>();
    Map<String, String> chosenBy = new TreeMap<>();
    List<PrecomputeJob> known = new ArrayList<>();
    for (ScheduleEntry.JobEntry jobEntry : entry.jobs()) {
      PrecomputeJob job = jobs.get(jobEntry.name());
      if (job == null) {
        problems.add(new Problem(file, jobEntry.line(), "unknown job '" + jobEntry.name()
            + "'; the jobs are " + String.join(", ", jobs.keySet())));
        continue;
      }
      known.add(job);
      Map<String, Method> options = options(job);
      jobEntry.options().forEach((name, option) -> {
        String problem = optionProblem(job, options, name, option.value());
        if (problem != null) {
          problems.add(new Problem(file, option.line(), problem));
          return;
        }
        ScheduleEntry.OptionEntry other = chosen.putIfAbsent(name, option);
        if (other != null && !other.value().equals(option.value())) {
          problems.add(new Problem(file, option.line(), "option '" + name + "' is '" + option.value()
              + "' here but '" + other.value() + "' for job '" + chosenBy.get(name) + "' (line "
              + other.line() + "); the jobs of a schedule run in one pipeline with one value"));
        }
        chosenBy.putIfAbsent(name, job.name());
      });
      options.forEach((name, getter) -> {
        if (getter.isAnnotationPresent(Validation.Required.class) && !jobEntry.options().containsKey(name)) {
          problems.add(new Problem(file, jobEntry.line(), "job '" + job.name() + "' needs option '"
              + name + "': " + getter.getAnnotation(Description.class).value()));
        }
      });
    }
    // The jobs' own checks need every option readable; what is not has been reported already.
    if (entry.schedule() != null && problems.size() == before) {
      validateTogether(file, entry, known, problems);
    }
  }

  /** A job's options a schedule may set, by name: those of its own interface and the shared ones. */
  static Map<String, Method> options(PrecomputeJob job) {
    Map<String, Method> options = new TreeMap<>();
    for (Class<?> type : List.of(PrecomputeOptions.class, job.optionsClass())) {
      for (OptionProperty property : OptionProperty.declaredIn(type)) {
        if (!SET_BY_SCHEDULE.containsKey(property.name())) {
          options.put(property.name(), property.getter());
        }
      }
    }
    return options;
  }

  private static String optionProblem(PrecomputeJob job, Map<String, Method> options, String name,
      String value) {
    if (SET_BY_SCHEDULE.containsKey(name)) {
      return "option '" + name + "' is set by " + SET_BY_SCHEDULE.get(name) + ", not by a job";
    }
    Method getter = options.get(name);
    if (getter == null) {
      return "job '" + job.name() + "' has no option '" + name + "'; its options are "
          + String.join(", ", options.keySet());
    }
    try {
      PipelineOptionsFactory.register(job.optionsClass());
      Object parsed = PipelineOptionsFactory.fromArgs("--" + name + "=" + value).as(job.optionsClass());
      getter.invoke(parsed);
      return null;
    } catch (IllegalArgumentException e) {
      return "option " + name + "='" + value + "' of job '" + job.name() + "' does not parse as "
          + getter.getReturnType().getSimpleName() + ": " + Problem.firstLine(e.getMessage());
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read option " + name + " of " + job.optionsClass(), e);
    }
  }

  private static void validateTogether(String file, ScheduleEntry entry, List<PrecomputeJob> jobs,
      List<Problem> problems) {
    Schedule schedule = entry.schedule();
    List<String> args = new ArrayList<>(List.of("--source=" + schedule.source(), "--store=" + schedule.store()));
    if (schedule.input() != null) {
      args.add("--input=" + schedule.input());
    }
    if (schedule.firestoreProject() != null) {
      args.add("--firestoreProject=" + schedule.firestoreProject());
    }
    if (schedule.stateLocation() != null) {
      args.add("--stateLocation=" + schedule.stateLocation());
    }
    schedule.jobOptions().forEach((name, value) -> args.add("--" + name + "=" + value));
    jobs.forEach(job -> PipelineOptionsFactory.register(job.optionsClass()));
    PrecomputeOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(PrecomputeOptions.class);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(file, entry.lines().get("jobs"), Problem.firstLine(e.getMessage())));
      return;
    }
    RunContext context;
    try {
      context = RunContext.from(RunSettings.from(options), options, Instant.now());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(file, entry.lines().get("jobs"), Problem.firstLine(e.getMessage())));
      return;
    }
    for (PrecomputeJob job : jobs) {
      try {
        job.validate(options, context);
      } catch (IllegalArgumentException e) {
        int line = entry.jobs().stream().filter(j -> j.name().equals(job.name())).findFirst()
            .map(ScheduleEntry.JobEntry::line).orElse(entry.lines().get("jobs"));
        problems.add(new Problem(file, line, "job '" + job.name() + "': " + Problem.firstLine(e.getMessage())));
      }
    }
  }

}
