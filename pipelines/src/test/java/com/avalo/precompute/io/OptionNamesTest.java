package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.cli.Jobs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  public void beamsJobsAndRunnersOptionsAreKnown() {
    OptionNames.refuseUnknown(Jobs.all(), List.of("--input=x", "--feedPageSize=5",
        "--runner=FlinkRunner", "--parallelism=2", "--streaming", "--project=p",
        "--tempLocation=gs://b/t", "--targetParallelism=2", "--enforceImmutability=false",
        "not-an-option"));
  }

  @Test
  public void anUnknownNameIsRefusedWithTheNearestOrTheFlagThatSetsIt() {
    IllegalArgumentException near = assertThrows(IllegalArgumentException.class,
        () -> OptionNames.refuseUnknown(Jobs.all(), List.of("--input=x", "--storre=sqlite:x")));
    assertEquals("unknown option --storre; did you mean --store? ('precompute run --help' lists"
        + " the run options, 'precompute jobs' each job's)", near.getMessage());
    IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
        () -> OptionNames.refuseUnknown(Jobs.all(), List.of("--runid=r1"),
            Map.of("runId", "--run-id")));
    assertEquals("unknown option --runid; did you mean --run-id? ('precompute run --help' lists"
        + " the run options, 'precompute jobs' each job's)", flag.getMessage());
  }

  @Test
  public void parsingRefusesAnUnknownNameInTheSameWords() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> PrecomputeRunner.parseOptions(Jobs.named(List.of("feeds")), "--feedPageSzie=3"));
    assertEquals("unknown option --feedPageSzie; did you mean --feedPageSize? ('precompute run"
        + " --help' lists the run options, 'precompute jobs' each job's)", refused.getMessage());
  }
}
