package com.avalo.precompute.schedule.deploy;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.schedule.Schedule;
import com.avalo.precompute.schedule.SchedulesFile;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.Test;

/** Launch bodies are checked against the template metadata as Dataflow checks them on submit. */
public class LaunchRequestCheckTest {
  private static final SchedulesFile FILE = BundledPlan.FILE;
  private static final TemplateMetadata METADATA =
      TemplateMetadataGenerator.generate("avalo-precompute", Jobs.all());

  private static LaunchRequest analytics() {
    Schedule schedule = FILE.schedule("analytics").orElseThrow();
    return LaunchRequest.of(FILE.deployment(), schedule, "avalo-prod");
  }

  private static ObjectNode parameters(LaunchRequest request) {
    return (ObjectNode) request.body().path("launchParameter").path("parameters");
  }

  @Test
  public void everyBundledScheduleLaunches() {
    for (Schedule schedule : FILE.schedules()) {
      assertEquals(schedule.name(), List.of(),
          LaunchRequestCheck.problems(LaunchRequest.of(FILE.deployment(), schedule, "avalo-prod"), METADATA));
    }
  }

  @Test
  public void aParameterTheTemplateDoesNotDeclareIsRefused() {
    LaunchRequest request = analytics();
    parameters(request).put("lateBucket", "2");
    assertEquals(List.of("parameter 'lateBucket' is not declared by template 'avalo-precompute'"),
        LaunchRequestCheck.problems(request, METADATA));
  }

  @Test
  public void aValueOutsideItsRegexIsRefused() {
    LaunchRequest request = analytics();
    parameters(request).put("lateBuckets", "two");
    assertEquals(List.of("parameter lateBuckets='two' does not match ^-?[0-9]+$"),
        LaunchRequestCheck.problems(request, METADATA));
  }

  @Test
  public void aParameterThatIsNoStringIsRefused() {
    LaunchRequest request = analytics();
    parameters(request).put("lateBuckets", 2);
    assertEquals(List.of("parameter 'lateBuckets' is 2; launch parameters are strings"),
        LaunchRequestCheck.problems(request, METADATA));
  }

  @Test
  public void aMissingRequiredParameterIsRefused() {
    LaunchRequest request = analytics();
    parameters(request).remove("scheduleCron");
    assertEquals(List.of("required parameter 'scheduleCron' is missing"),
        LaunchRequestCheck.problems(request, METADATA));
  }

  @Test
  public void aBadJobNameAndAnUnknownEnvironmentFieldAreRefused() {
    LaunchRequest request = analytics();
    ObjectNode launch = (ObjectNode) request.body().path("launchParameter");
    launch.put("jobName", "Avalo_Analytics");
    ((ObjectNode) launch.path("environment")).put("workerZone", "europe-west1-b");
    assertEquals(List.of("job name 'Avalo_Analytics' is not a Dataflow job name ([a-z]([-a-z0-9]*[a-z0-9])?)",
        "environment field 'workerZone' is not one this project sets"),
        LaunchRequestCheck.problems(request, METADATA));
  }
}
