package com.avalo.precompute.schedule.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a launch request as Dataflow would on submit, before a plan prints it or a deploy
 * sends it: a valid job name, a template spec in Cloud Storage, every parameter a string that the
 * template declares and whose value matches all its regexes, every required parameter present,
 * and only known environment fields.
 */
final class LaunchRequestCheck {
  /** Dataflow's rule for job names (projects.locations.jobs, Job.name). */
  private static final Pattern JOB_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,1022}[a-z0-9])?");
  /** The FlexTemplateRuntimeEnvironment fields a launch request of this project uses. */
  private static final Set<String> ENVIRONMENT_FIELDS = Set.of("numWorkers", "maxWorkers", "machineType",
      "serviceAccountEmail", "tempLocation", "stagingLocation", "additionalUserLabels");

  private LaunchRequestCheck() {}

  /** What Dataflow would refuse in {@code request}, one message each; empty when it would launch. */
  static List<String> problems(LaunchRequest request, TemplateMetadata metadata) {
    List<String> problems = new ArrayList<>();
    JsonNode launch = request.body().path("launchParameter");
    if (!JOB_NAME.matcher(request.jobName()).matches()) {
      problems.add("job name '" + request.jobName() + "' is not a Dataflow job name"
          + " ([a-z]([-a-z0-9]*[a-z0-9])?)");
    }
    String spec = launch.path("containerSpecGcsPath").asText();
    if (!spec.startsWith("gs://") || !spec.endsWith(".json")) {
      problems.add("containerSpecGcsPath '" + spec + "' is not a gs:// path of a .json spec");
    }
    Map<String, JsonNode> parameters = request.parameters();
    parameters.forEach((name, value) -> {
      var declared = metadata.parameter(name);
      if (declared.isEmpty()) {
        problems.add("parameter '" + name + "' is not declared by template '" + metadata.name() + "'");
      } else if (!value.isTextual()) {
        problems.add("parameter '" + name + "' is " + value + "; launch parameters are strings");
      } else {
        for (String regex : declared.get().regexes()) {
          if (!Pattern.compile(regex).matcher(value.asText()).matches()) {
            problems.add("parameter " + name + "='" + value.asText() + "' does not match " + regex);
          }
        }
      }
    });
    for (TemplateMetadata.Parameter parameter : metadata.parameters()) {
      if (!parameter.optional() && !parameters.containsKey(parameter.name())) {
        problems.add("required parameter '" + parameter.name() + "' is missing");
      }
    }
    launch.path("environment").fieldNames().forEachRemaining(field -> {
      if (!ENVIRONMENT_FIELDS.contains(field)) {
        problems.add("environment field '" + field + "' is not one this project sets");
      }
    });
    return problems;
  }
}
