package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schedule.RetryPolicy;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a deploy plan as JSON ({@code --format=json}) for tools: the template (with its
 * metadata), each schedule as an object with at least {@code name}, {@code cron} and {@code jobs},
 * the Firestore configuration (with its {@code firestore.indexes.json}), and the gcloud steps.
 */
public final class JsonPlan {
  private JsonPlan() {}

  /** The plan as indented JSON. */
  public static String render(DeployPlan plan) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("file", plan.file());
    root.put("project", plan.project());
    root.put("region", plan.region());
    ObjectNode template = root.putObject("template");
    template.put("name", plan.template().name());
    template.put("image", plan.template().image());
    template.put("spec", plan.template().spec());
    template.put("metadataFile", plan.template().metadataFile());
    template.put("buildContext", plan.template().buildContext());
    template.put("jar", plan.template().buildContext() + "/" + DeployPlanner.BUNDLED_JAR);
    template.set("metadata", plan.template().metadata().toJson());
    ArrayNode schedules = root.putArray("schedules");
    for (DeployPlan.ScheduledLaunch launch : plan.launches()) {
      schedules.add(schedule(launch));
    }
    ObjectNode firestore = root.putObject("firestore");
    firestore.put("database", "(default)");
    ArrayNode fields = firestore.putArray("fields");
    for (FirestoreFieldConfig field : plan.firestoreFields()) {
      ObjectNode node = fields.addObject();
      node.put("project", field.project());
      node.put("collectionGroup", field.collectionGroup());
      node.put("field", field.field());
      node.put("ttl", field.ttl());
      node.put("indexed", false);
      node.put("why", field.why());
    }
    ArrayNode indexes = firestore.putArray("indexes");
    for (FirestoreIndex index : plan.firestoreIndexes()) {
      ObjectNode node = indexes.addObject();
      node.put("project", index.project());
      node.put("collectionGroup", index.collectionGroup());
      ArrayNode fieldsNode = node.putArray("fields");
      index.fields().forEach(field -> fieldsNode.addObject().put("fieldPath", field.path())
          .put("order", field.order()));
      node.put("why", index.why());
    }
    firestore.set("indexesJson", FirestoreIndexesJson.of(plan.firestoreFields(), plan.firestoreIndexes()));
    ArrayNode steps = root.putArray("steps");
    for (DeployStep step : plan.steps()) {
      ObjectNode node = steps.addObject();
      node.put("title", step.title());
      if (step instanceof DeployStep.WriteFile write) {
        node.put("writeFile", write.path());
      } else if (step instanceof DeployStep.Run run) {
        run.args().forEach(node.putArray("gcloud")::add);
      } else if (step instanceof DeployStep.ReportStrays strays) {
        strays.list().forEach(node.putArray("list")::add);
        node.put("reportNamesStartingWith", strays.prefix());
        node.put("launching", strays.templateSpec());
        strays.kept().forEach(node.putArray("except")::add);
      } else if (step instanceof DeployStep.CreateOnce create) {
        create.args().forEach(node.putArray("gcloud")::add);
        node.put("alreadyExistsIsDone", true);
      } else if (step instanceof DeployStep.Upsert upsert) {
        upsert.describe().forEach(node.putArray("describe")::add);
        upsert.create().forEach(node.putArray("create")::add);
        upsert.update().forEach(node.putArray("update")::add);
      }
    }
    return Json.writePretty(root) + "\n";
  }

  private static ObjectNode schedule(DeployPlan.ScheduledLaunch launch) {
    Schedule schedule = launch.schedule();
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("name", schedule.name());
    node.put("cron", schedule.cadence().cron());
    node.put("timeZone", schedule.cadence().zone().getId());
    schedule.jobNames().forEach(node.putArray("jobs")::add);
    ObjectNode options = node.putObject("jobOptions");
    schedule.jobs().forEach(job -> {
      ObjectNode own = options.putObject(job.name());
      new java.util.TreeMap<>(job.options()).forEach(own::put);
    });
    node.put("description", schedule.description());
    node.put("expiryGrace", schedule.expiryGrace().toString());
    node.put("schedulerJob", launch.schedulerJob());
    node.put("oauthServiceAccount", launch.serviceAccount());
    node.put("attemptDeadline", DeployPlanner.seconds(schedule.attemptDeadline()));
    RetryPolicy retry = schedule.retry();
    ObjectNode retryNode = node.putObject("retry");
    retryNode.put("attempts", retry.attempts());
    retryNode.put("minBackoff", DeployPlanner.seconds(retry.minBackoff()));
    retryNode.put("maxBackoff", DeployPlanner.seconds(retry.maxBackoff()));
    retryNode.put("maxDoublings", retry.maxDoublings());
    retryNode.put("span", retry.span(schedule.attemptDeadline()).toString());
    node.put("uri", launch.request().uri());
    node.set("body", launch.request().body());
    return node;
  }
}
