package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.cli.Jobs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class OptionNamesTest {

  @Test
  public void theNearestNameIsOneASlipOfTheKeyboardAway() {
    List<String> commands = List.of("seed", "run", "backfill", "get", "report", "diff", "runs");
    assertEquals(Optional.of("run"), OptionNames.nearest("rnu", commands));
    assertEquals(Optional.of("run"), OptionNames.nearest("rn", commands));
    assertEquals(Optional.of("report"), OptionNames.nearest("REPORT", commands));
    // The first of equally near names: "rus" is one edit from both "run" and "runs".
    assertEquals(Optional.of("run"), OptionNames.nearest("rus", commands));
    assertEquals(Optional.empty(), OptionNames.nearest("xyzzy", commands));
    // A one-letter word is near to everything, so it is near to nothing.
    assertEquals(Optional.empty(), OptionNames.nearest("r", commands));
    assertEquals(Optional.empty(), OptionNames.nearest("", commands));
  }

  private static final String HELP = "see help";

  @Test
  public void beamsJobsAndRunnersOptionsAreKnown() {
    OptionNames.of(Jobs.all(), HELP).refuseUnknown(List.of("--input=x", "--feedPageSize=5",
        "--runner=FlinkRunner", "--parallelism=2", "--streaming", "--project=p",
        "--tempLocation=gs://b/t", "--targetParallelism=2", "--enforceImmutability=false",
        "not-an-option"));
  }

  @Test
  public void anUnknownNameIsRefusedWithTheNearestOrTheFlagThatSetsIt() {
    IllegalArgumentException near = assertThrows(IllegalArgumentException.class,
        () -> OptionNames.of(Jobs.all(), HELP).refuseUnknown(List.of("--input=x", "--storre=x")));
    assertEquals("unknown option --storre; did you mean --store? (see help)", near.getMessage());
    IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
        () -> OptionNames.of(Jobs.all(), HELP)
            .withCommandFlags(Set.of("--run-id", "--schedule"), Map.of("runId", "--run-id"))
            .refuseUnknown(List.of("--runid=r1")));
    assertEquals("unknown option --runid; did you mean --run-id? (see help)", flag.getMessage());
    IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
        () -> OptionNames.of(Jobs.all(), HELP)
            .withCommandFlags(Set.of("--run-id", "--schedule"), Map.of())
            .refuseUnknown(List.of("--shedule=daily")));
    assertEquals("unknown option --shedule; did you mean --schedule? (see help)", own.getMessage());
  }

  @Test
  public void anotherJobsOptionIsRefusedSayingWhoseItIs() {
    // Beam would take it once that job's options were registered in this JVM, and ignore it.
    PipelineOptionsFactory.register(Jobs.named(List.of("feeds")).get(0).optionsClass());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> OptionNames.of(Jobs.named(List.of("profiles")), HELP).knowingJobs(Jobs.all())
            .refuseUnknown(List.of("--feedPageSize=20")));
    assertEquals("--feedPageSize is an option of the feeds job, which this run does not include"
        + " (see help)", refused.getMessage());
  }

  @Test
  public void parsingRefusesAnUnknownNameInTheSameWords() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> PrecomputeRunner.parseOptions(Jobs.named(List.of("feeds")), "--feedPageSzie=3"));
    assertEquals("unknown option --feedPageSzie; did you mean --feedPageSize? ('precompute jobs'"
        + " lists each job's options)", refused.getMessage());
  }
}
