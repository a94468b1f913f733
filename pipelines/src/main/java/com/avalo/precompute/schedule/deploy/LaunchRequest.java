package com.avalo.precompute.schedule.deploy;

import com.avalo.precompute.schedule.DataflowEnvironment;
import com.avalo.precompute.schedule.Deployment;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Cloud Scheduler POSTs on every tick of a schedule: a {@code flexTemplates:launch} request
 * whose {@code launchParameter} names the job, the template spec, the parameters (all strings) and
 * the Dataflow environment. It is static: nothing in it depends on the tick.
 *
 * @param uri the launch endpoint in the schedule's Dataflow region
 * @param body the request body
 */
public record LaunchRequest(String uri, ObjectNode body) {

  /** The launch request of {@code schedule} (variables already filled). */
  public static LaunchRequest of(Deployment deployment, Schedule schedule, String project) {
    DataflowEnvironment environment = schedule.environment();
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode launch = body.putObject("launchParameter");
    launch.put("jobName", deployment.jobName(schedule));
    launch.put("containerSpecGcsPath", deployment.templateSpec());
    ObjectNode parameters = launch.putObject("parameters");
    parameters(schedule).forEach(parameters::put);
    ObjectNode runtime = launch.putObject("environment");
    runtime.put("numWorkers", environment.numWorkers());
    runtime.put("maxWorkers", environment.maxWorkers());
    runtime.put("machineType", environment.machineType());
    runtime.put("serviceAccountEmail", environment.serviceAccount());
    runtime.put("tempLocation", environment.tempLocation());
    if (environment.stagingLocation() != null) {
      runtime.put("stagingLocation", environment.stagingLocation());
    }
    ObjectNode labels = runtime.putObject("additionalUserLabels");
    labels.put("app", deployment.name());
    labels.put("schedule", schedule.name());
    return new LaunchRequest("https://dataflow.googleapis.com/v1b3/projects/" + project + "/locations/"
        + environment.region() + "/flexTemplates:launch", body);
  }

  /** The pipeline parameters of a schedule: which schedule, its timing, its jobs, their options. */
  static Map<String, String> parameters(Schedule schedule) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("schedule", schedule.name());
    parameters.put("scheduleCron", schedule.cadence().cron());
    parameters.put("scheduleTimeZone", schedule.cadence().zone().getId());
    parameters.put("expiryGrace", schedule.expiryGrace().toString());
    parameters.put("expiryTicks", String.valueOf(schedule.expiryTicks()));
    parameters.put("maxRunTime", schedule.maxRunTime().toString());
    parameters.put("jobs", String.join(",", schedule.jobNames()));
    parameters.put("source", schedule.source());
    if (schedule.input() != null) {
      parameters.put("input", schedule.input());
    }
    parameters.put("store", schedule.store());
    if (schedule.firestoreProject() != null) {
      parameters.put("firestoreProject", schedule.firestoreProject());
    }
    if (schedule.stateLocation() != null) {
      parameters.put("stateLocation", schedule.stateLocation());
    }
    parameters.putAll(schedule.jobOptions());
    return parameters;
  }

  /** The body as sent: compact JSON. */
  public String bodyText() {
    return Json.write(body);
  }

  /** The Dataflow job name (the same on every tick: Dataflow refuses a second active one). */
  public String jobName() {
    return body.path("launchParameter").path("jobName").asText();
  }

  /** The parameters, as sent. */
  public Map<String, JsonNode> parameters() {
    Map<String, JsonNode> parameters = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = body.path("launchParameter").path("parameters").fields();
    fields.forEachRemaining(field -> parameters.put(field.getKey(), field.getValue()));
    return parameters;
  }
}
