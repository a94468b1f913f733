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
   * Lists the project's Scheduler jobs and warns of each of this deployment's that the file no
   * longer has: a removed or renamed schedule's job goes on launching its old body. A job is
   * this deployment's when its name begins with {@code prefix} and its body launches this
   * deployment's template ({@code templateSpec}): by the name alone, a second deployment whose
   * name begins with this one's (avalo-precompute-staging) was told to delete this one's jobs.
   * Read-only: deleting is left to a person, who gets the command.
   *
   * @param list lists each job as its name and its HTTP body (base64), tab-separated
   */
  record ReportStrays(String title, List<String> list, String prefix, String templateSpec,
      List<String> kept, List<String> deleteFlags) implements DeployStep {
    public ReportStrays {
      list = List.copyOf(list);
      kept = List.copyOf(kept);
      deleteFlags = List.copyOf(deleteFlags);
    }

    /** The jobs of {@code listed} (name and body a line) that are this deployment's and not kept. */
    public List<String> strays(String listed) {
      return listed.lines().map(String::strip).filter(line -> !line.isEmpty())
          .map(line -> line.split("\\s+", 2))
          .filter(job -> job[0].startsWith(prefix) && !kept.contains(job[0]))
          .filter(job -> job.length < 2 || launchesThisTemplate(job[1]))
          .map(job -> job[0]).toList();
    }

    /**
     * Whether the base64 body launches {@link #templateSpec}; a body that cannot be read at all
     * is taken to, so that a job of this deployment is never left out of the report.
     */
    private boolean launchesThisTemplate(String base64Body) {
      try {
        String body = new String(java.util.Base64.getDecoder().decode(base64Body.strip()),
            java.nio.charset.StandardCharsets.UTF_8);
        com.fasterxml.jackson.databind.JsonNode spec = com.avalo.precompute.schemas.Json.read(body)
            .path("launchParameter").path("containerSpecGcsPath");
        return spec.asText().equals(templateSpec);
      } catch (RuntimeException unreadable) {
        return true;
      }
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
