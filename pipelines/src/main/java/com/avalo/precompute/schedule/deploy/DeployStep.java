package com.avalo.precompute.schedule.deploy;

import java.util.List;

/**
 * One step of a deploy, in order. A plan prints the steps; a deploy performs them; both from the
 * same list, so the dry run is exactly what a deploy does. Commands are gcloud arguments (without
 * {@code gcloud} itself).
 */
public sealed interface DeployStep {

  /** What the step is for, one line. */
  String title();

  /** Writes a local file a later command reads. */
  record WriteFile(String title, String path, String content) implements DeployStep {}

  /** Runs one gcloud command. */
  record Run(String title, List<String> args) implements DeployStep {
    public Run {
      args = List.copyOf(args);
    }
  }

  /** Creates a resource, or updates it when {@code describe} finds it (gcloud creates are not idempotent). */
  record Upsert(String title, List<String> describe, List<String> create, List<String> update)
      implements DeployStep {
    public Upsert {
      describe = List.copyOf(describe);
      create = List.copyOf(create);
      update = List.copyOf(update);
    }
  }

  /**
   * Lists the project's Scheduler jobs and warns of each of this deployment's ({@code prefix})
   * that the file no longer has: a removed or renamed schedule's job goes on launching its old
   * body. Read-only: deleting is left to a person, who gets the command.
   */
  record ReportStrays(String title, List<String> list, String prefix, List<String> kept,
      List<String> deleteFlags) implements DeployStep {
    public ReportStrays {
      list = List.copyOf(list);
      kept = List.copyOf(kept);
      deleteFlags = List.copyOf(deleteFlags);
    }

    /** The jobs of {@code listed} (one name a line) that are this deployment's and not kept. */
    public List<String> strays(String listed) {
      return listed.lines().map(String::strip)
          .filter(name -> name.startsWith(prefix) && !kept.contains(name)).toList();
    }

    /** The gcloud arguments that delete {@code job}. */
    public List<String> delete(String job) {
      List<String> args = new java.util.ArrayList<>(List.of("scheduler", "jobs", "delete", job));
      args.addAll(deleteFlags);
      return args;
    }
  }

  /**
   * Creates what gcloud can neither update nor describe by name (a composite index): an answer
   * of ALREADY_EXISTS means it is there, so a second deploy passes the step.
   */
  record CreateOnce(String title, List<String> args) implements DeployStep {
    /** What gcloud's error says when the resource exists. */
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";

    public CreateOnce {
      args = List.copyOf(args);
    }
  }
}
