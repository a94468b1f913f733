package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunSettings;
import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Instant;
import org.apache.beam.sdk.testing.CrashingRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every job of {@code run all} names its steps apart from the others' steps. Beam checks step
 * names when a pipeline is run, before it hands it to the runner; a runner that refuses to run
 * anything shows that the check passed.
 */
public class StepNamesTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void theJobsOfRunAllNameTheirStepsApart() {
    PrecomputeOptions options = PrecomputeRunner.parseOptions(Jobs.all(),
        "--input=src/test/resources/fixtures/small", "--runner=" + CrashingRunner.class.getName());
    RunSettings settings = RunSettings.writingTo(StoreSpec.sqlite(temp.getRoot().toPath().resolve("cache.db")))
        .withAsOf(Instant.parse("2026-11-20T00:00:00Z")).withRunId("names");

    RuntimeException refused = assertThrows(RuntimeException.class,
        () -> PrecomputeRunner.run(Jobs.all(), options, settings));

    String why = messages(refused);
    assertThat(why, not(containsString("stable unique names")));
    assertThat(why, containsString("Cannot call #run(Pipeline) on an instance of CrashingRunner"));
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      text.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append('\n');
    }
    return text.toString();
  }
}
