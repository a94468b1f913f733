package com.avalo.precompute.schedule.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.schedule.OptionProperty;
import com.avalo.precompute.schedule.TestJobs;
import com.avalo.precompute.schemas.Json;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Test;

/** Template metadata generated from the options interfaces: labels, help, required, regexes. */
public class TemplateMetadataGeneratorTest {
  private static final TemplateMetadata DIGEST =
      TemplateMetadataGenerator.generate("avalo-precompute", TestJobs.withDigest());

  private static TemplateMetadata.Parameter parameter(String name) {
    return DIGEST.parameter(name).orElseThrow(() -> new AssertionError("no parameter " + name));
  }

  private static boolean accepts(String name, String value) {
    return parameter(name).regexes().stream().allMatch(regex -> Pattern.compile(regex).matcher(value).matches());
  }

  @Test
  public void everyJobOptionIsAParameterWithALabelAndHelp() {
    TemplateMetadata metadata = TemplateMetadataGenerator.generate("avalo-precompute", Jobs.all());
    for (PrecomputeJob job : Jobs.all()) {
      for (OptionProperty option : OptionProperty.declaredIn(job.optionsClass())) {
        assertTrue(option.name(), metadata.parameter(option.name()).isPresent());
      }
    }
    for (TemplateMetadata.Parameter parameter : metadata.parameters()) {
      assertFalse(parameter.name(), parameter.label().isBlank());
      assertFalse(parameter.name(), parameter.helpText().isBlank());
      assertTrue(parameter.name() + ": " + parameter.label(), parameter.label().length() <= 60);
    }
  }

  @Test
  public void optionsTheLauncherSetsAreNoParameters() {
    for (String name : List.of("asOf", "runId", "deadLetterDir", "emulatorHost", "firestoreHost")) {
      assertFalse(name, DIGEST.parameter(name).isPresent());
    }
    assertTrue(DIGEST.parameter("firestoreProject").isPresent());
    assertTrue(DIGEST.parameter("store").isPresent());
  }

  @Test
  public void requiredOptionsAreNotOptional() {
    for (String required : List.of("schedule", "scheduleCron", "jobs", "audience")) {
      assertFalse(required, parameter(required).optional());
    }
    assertTrue(parameter("window").optional());
    assertTrue(parameter("lateBuckets").optional());
  }

  @Test
  public void everyLabelIsItsParametersAlone() {
    TemplateMetadata metadata = TemplateMetadataGenerator.generate("avalo-precompute", Jobs.all());
    List<String> labels = metadata.parameters().stream().map(TemplateMetadata.Parameter::label).toList();
    assertEquals(labels.toString(), labels.size(), new java.util.HashSet<>(labels).size());
    assertEquals("P95 latency (p95 warning ms)", metadata.parameter("p95WarningMs").orElseThrow().label());
  }

  @Test
  public void labelAndHelpComeFromTheDescriptionAndDefault() {
    TemplateMetadata.Parameter lateBuckets = parameter("lateBuckets");
    // "Scheduled runs: buckets recomputed ..." is too long with its context: the name in words.
    assertEquals("Late buckets", lateBuckets.label());
    assertEquals("Backfill: first day", parameter("from").label());
    assertEquals("Scheduled runs: buckets recomputed for late events before the current one (with"
        + " engagement, before the oldest one whose chats may still get a reply). Default: 2.",
        lateBuckets.helpText());
    assertEquals("2", lateBuckets.defaultValue());
    // A first clause too long for a label gives way to the option's name in words.
    assertEquals("Active window days", parameter("activeWindowDays").label());
    assertEquals("Who the digest goes to", parameter("audience").label());
  }

  @Test
  public void numbersBooleansAndEnumsGetRegexesFromTheirType() {
    assertEquals("NUMBER", parameter("maxBytes").paramType());
    assertTrue(accepts("maxBytes", "1000") && accepts("maxBytes", "-3"));
    assertFalse(accepts("maxBytes", "1.5") || accepts("maxBytes", "1e6") || accepts("maxBytes", "ten"));
    assertEquals("NUMBER", parameter("sampleShare").paramType());
    assertTrue(accepts("sampleShare", "0.25") && accepts("sampleShare", "1") && accepts("sampleShare", "2.5e-3"));
    assertFalse(accepts("sampleShare", "25%"));
    assertEquals("BOOLEAN", parameter("sendEmpty").paramType());
    assertTrue(accepts("sendEmpty", "true") && accepts("sendEmpty", "false"));
    assertFalse(accepts("sendEmpty", "yes"));
    assertEquals("ENUM", parameter("order").paramType());
    assertEquals(List.of("NEWEST", "OLDEST"), parameter("order").enumOptions());
    assertTrue(accepts("order", "OLDEST"));
    assertFalse(accepts("order", "RANDOM") || accepts("order", "newest"));
    assertEquals("TEXT", parameter("audience").paramType());
    assertTrue(parameter("audience").regexes().isEmpty());
  }

  @Test
  public void timesZonesCronsAndJobListsGetRegexesFromTheirFormat() {
    assertTrue(accepts("since", "2026-11-20T10:15:00Z") && accepts("window", "2026-11-20T10:15:00+01:00"));
    assertFalse(accepts("window", "2026-11-20") || accepts("window", "yesterday"));
    assertTrue(accepts("from", "2026-10-01"));
    assertFalse(accepts("from", "2026-10-01T00:00:00Z"));
    assertTrue(accepts("expiryGrace", "PT30M") && accepts("expiryGrace", "P1DT2H"));
    assertFalse(accepts("expiryGrace", "30m"));
    assertTrue(accepts("scheduleTimeZone", "Europe/Warsaw") && accepts("analyticsZone", "UTC")
        && accepts("scheduleTimeZone", "America/Argentina/Buenos_Aires"));
    assertFalse(accepts("scheduleTimeZone", "Europe Warsaw"));
    assertTrue(accepts("scheduleCron", "*/10 * * * *") && accepts("scheduleCron", "7,37 * * * MON-FRI"));
    assertFalse(accepts("scheduleCron", "* * *") || accepts("scheduleCron", "@daily"));
    assertTrue(accepts("jobs", "chats") && accepts("jobs", "user-stats,counts,digest"));
    assertFalse(accepts("jobs", "chats,nope") || accepts("jobs", "chats,") || accepts("jobs", "all"));
  }

  @Test
  public void theMetadataOfTheProjectsJobsMatchesItsGoldenFile() throws Exception {
    TemplateMetadata metadata = TemplateMetadataGenerator.generate("avalo-precompute", Jobs.all());
    Golden.assertMatches("template-metadata.json", Json.writePretty(metadata.toJson()) + "\n");
  }

  /** Two jobs declaring one option name with different meanings. */
  public interface ClashingOptions extends com.avalo.precompute.io.PrecomputeOptions {
    @org.apache.beam.sdk.options.Description("Candidates per feed page, but as text")
    String getFeedPageSize();

    void setFeedPageSize(String value);
  }

  @Test
  public void anOptionDeclaredTwiceDifferentlyIsRefused() {
    PrecomputeJob clashing = new TestJobs.DigestJob() {
      @Override
      public String name() {
        return "clash";
      }

      @SuppressWarnings({"unchecked", "rawtypes"})
      @Override
      public Class optionsClass() {
        return ClashingOptions.class;
      }
    };
    List<PrecomputeJob> jobs = new java.util.ArrayList<>(Jobs.all());
    jobs.add(clashing);
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> TemplateMetadataGenerator.generate("avalo-precompute", jobs));
    assertTrue(error.getMessage(), error.getMessage().contains("option 'feedPageSize' is declared twice"));
  }
}
