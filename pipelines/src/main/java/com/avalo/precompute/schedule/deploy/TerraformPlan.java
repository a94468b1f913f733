package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schedule.RetryPolicy;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schemas.Json;
import java.util.List;

/**
 * Renders a deploy plan as Terraform ({@code --format=terraform}): the template build as a
 * {@code terraform_data} running the same gcloud commands (Terraform has no resource that builds a
 * Flex Template), one {@code google_cloud_scheduler_job} per schedule with the same launch body,
 * a {@code google_firestore_field} per configured field and a {@code google_firestore_index} per
 * composite index.
 */
public final class TerraformPlan {
  private TerraformPlan() {}

  /** The Terraform configuration. */
  public static String render(DeployPlan plan) {
    StringBuilder tf = new StringBuilder();
    tf.append("# Deploy plan of ").append(plan.file()).append(" for project ").append(plan.project())
        .append(", region ").append(plan.region()).append(".\n")
        .append("# The same resources as 'precompute schedules deploy'. Build ")
        .append(plan.template().buildContext()).append('/').append(DeployPlanner.BUNDLED_JAR)
        .append(" first, and apply\n# from the repository root: the template build runs gcloud there.\n\n");
    DeployStep.WriteFile metadata = (DeployStep.WriteFile) plan.steps().get(0);
    tf.append("resource \"local_file\" \"template_metadata\" {\n")
        .append("  filename = ").append(string(metadata.path())).append('\n')
        .append("  content  = ").append(heredoc("METADATA", metadata.content(), "  ")).append("}\n\n");
    List<String> build = plan.steps().stream().filter(step -> step instanceof DeployStep.Run)
        .map(step -> (DeployStep.Run) step).filter(run -> run.args().get(0).matches("builds|dataflow"))
        .map(run -> GcloudScript.command(run.args(), "")).toList();
    // The image carries the jar: a code change that leaves the metadata as it was must rebuild it
    // too, or every tick would go on launching the old code.
    String context = plan.template().buildContext();
    tf.append("resource \"terraform_data\" \"flex_template\" {\n")
        .append("  triggers_replace = [\n")
        .append("    local_file.template_metadata.content_sha256,\n")
        .append("    filesha256(").append(string(context + "/" + DeployPlanner.BUNDLED_JAR)).append("),\n")
        .append("    filesha256(").append(string(context + "/Dockerfile")).append("),\n")
        .append("  ]\n")
        .append("  provisioner \"local-exec\" {\n")
        // sh -c runs every line and answers with the last one's status: without set -e, a failed
        // image build was hidden by the spec build after it, and never retried.
        .append("    command = ").append(heredoc("BUILD", "set -e\n" + String.join("\n", build) + "\n",
            "    "))
        .append("  }\n}\n");
    for (FirestoreFieldConfig field : plan.firestoreFields()) {
      tf.append('\n')
          .append("# ").append(field.why()).append('\n')
          .append("resource \"google_firestore_field\" \"").append(identifier(inProject(plan, field.project(),
              field.collectionGroup() + "_" + field.field()))).append("\" {\n")
          .append("  project    = ").append(string(field.project())).append('\n')
          .append("  database   = \"(default)\"\n")
          .append("  collection = ").append(string(field.collectionGroup())).append('\n')
          .append("  field      = ").append(string(field.field())).append('\n')
          .append(field.ttl() ? "  ttl_config {}\n" : "")
          .append("  index_config {}\n")
          .append("}\n");
    }
    for (FirestoreIndex index : plan.firestoreIndexes()) {
      tf.append('\n')
          .append("# ").append(index.why()).append('\n')
          .append("resource \"google_firestore_index\" \"").append(identifier(inProject(plan, index.project(),
              index.name()))).append("\" {\n")
          .append("  project    = ").append(string(index.project())).append('\n')
          .append("  database   = \"(default)\"\n")
          .append("  collection = ").append(string(index.collectionGroup())).append('\n');
      for (FirestoreIndex.Field field : index.fields()) {
        tf.append("  fields {\n")
            .append("    field_path = ").append(string(field.path())).append('\n')
            .append("    order      = ").append(string(field.order())).append('\n')
            .append("  }\n");
      }
      tf.append("}\n");
    }
    for (DeployPlan.ScheduledLaunch launch : plan.launches()) {
      tf.append('\n').append(schedulerJob(plan, launch));
    }
    return tf.toString();
  }

  private static String schedulerJob(DeployPlan plan, DeployPlan.ScheduledLaunch launch) {
    Schedule schedule = launch.schedule();
    RetryPolicy retry = schedule.retry();
    return "resource \"google_cloud_scheduler_job\" \"" + identifier(schedule.name()) + "\" {\n"
        + "  project          = " + string(plan.project()) + "\n"
        + "  region           = " + string(plan.region()) + "\n"
        + "  name             = " + string(launch.schedulerJob()) + "\n"
        + "  description      = " + string(schedule.description()) + "\n"
        + "  schedule         = " + string(schedule.cadence().cron()) + "\n"
        + "  time_zone        = " + string(schedule.cadence().zone().getId()) + "\n"
        + "  attempt_deadline = " + string(DeployPlanner.seconds(schedule.attemptDeadline())) + "\n"
        + "  retry_config {\n"
        + "    retry_count          = " + retry.attempts() + "\n"
        + "    min_backoff_duration = " + string(DeployPlanner.seconds(retry.minBackoff())) + "\n"
        + "    max_backoff_duration = " + string(DeployPlanner.seconds(retry.maxBackoff())) + "\n"
        + "    max_doublings        = " + retry.maxDoublings() + "\n"
        + "  }\n"
        + "  http_target {\n"
        + "    http_method = \"POST\"\n"
        + "    uri         = " + string(launch.request().uri()) + "\n"
        + "    headers     = { \"Content-Type\" = \"application/json\" }\n"
        + "    body        = base64encode(" + heredoc("BODY", Json.writePretty(launch.request().body()) + "\n",
            "    ") + "    )\n"
        + "    oauth_token {\n"
        + "      service_account_email = " + string(launch.serviceAccount()) + "\n"
        + "      scope                 = " + string(DeployPlan.OAUTH_SCOPE) + "\n"
        + "    }\n"
        + "  }\n"
        + "  # Every launch reads the ledger's recent windows through its composite index: no tick\n"
        + "  # before it is built.\n"
        + "  depends_on = [" + String.join(", ", dependencies(plan)) + "]\n"
        + "}\n";
  }

  /** What a Scheduler job waits for: the template, and the store's indexes. */
  private static List<String> dependencies(DeployPlan plan) {
    List<String> after = new java.util.ArrayList<>(List.of("terraform_data.flex_template"));
    for (FirestoreIndex index : plan.firestoreIndexes()) {
      after.add("google_firestore_index." + identifier(inProject(plan, index.project(), index.name())));
    }
    return after;
  }

  /**
   * {@code name}, prefixed with {@code project} when that is not the plan's: a store in another
   * project gets the same collections, and Terraform needs each resource named once.
   */
  private static String inProject(DeployPlan plan, String project, String name) {
    return project.equals(plan.project()) ? name : project + "_" + name;
  }

  /** A Terraform resource name: letters, digits and underscores. */
  static String identifier(String name) {
    return name.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /**
   * An HCL quoted string; {@code ${} and {@code %{} are escaped so nothing interpolates, and line
   * breaks (a description written as a YAML block) too: a quoted string cannot span lines.
   */
  static String string(String value) {
    return "\"" + escapeTemplate(value.replace("\\", "\\\\").replace("\"", "\\\"")
        .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")) + "\"";
  }

  /** An indented heredoc ({@code <<-}) whose text is taken literally. */
  private static String heredoc(String marker, String text, String indent) {
    StringBuilder doc = new StringBuilder("<<-" + marker + "\n");
    text.lines().forEach(line -> doc.append(indent).append("  ").append(escapeTemplate(line)).append('\n'));
    return doc.append(indent).append(marker).append('\n').toString();
  }

  private static String escapeTemplate(String text) {
    return text.replace("${", "$${").replace("%{", "%%{");
  }
}
