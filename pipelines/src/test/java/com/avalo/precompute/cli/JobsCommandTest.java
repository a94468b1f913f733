package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** {@code precompute jobs} lists each job's options with their defaults, whatever their type. */
public class JobsCommandTest {
  @Test
  public void everyOptionIsListedWithItsDefault() {
    CliRuns.Result jobs = CliRuns.run("jobs");
    assertEquals(jobs.err(), 0, jobs.exitCode());
    assertThat(jobs.out(), containsString("  --feedPageSize=20\n"));
    assertThat(jobs.out(), containsString("  --hitRateWarning=0.7\n"));
    assertThat(jobs.out(), containsString("  --p95WarningMs=500\n"));
    assertThat(jobs.out(), containsString("  --p95CriticalMs=1000\n"));
    // Options of every run, which the README names; not those set by the command's own flags.
    assertThat(jobs.out(), containsString("every run\n"));
    assertThat(jobs.out(), containsString("  --activeWindowDays=30\n"));
    assertThat(jobs.out(), containsString("  --storeDownAfterSeconds="));
    assertThat(jobs.out(), org.hamcrest.Matchers.not(containsString("  --asOf")));
    // Descriptions name options as 'run' accepts them, not in the Beam spelling it refuses.
    assertThat(jobs.out(), containsString("the project given by --firestore-project, or --emulator-host"));
    assertThat(jobs.out(), org.hamcrest.Matchers.not(containsString("--firestoreProject")));
  }

  @Test
  public void eachJobsOptionsAreListedByName() {
    // Scripts diff this listing between releases: it must not move with the build.
    String out = CliRuns.run("jobs").out();
    java.util.List<String> section = new java.util.ArrayList<>();
    for (String line : (out + "end\n").split("\n")) {
      if (!line.startsWith(" ")) {
        java.util.List<String> sorted = new java.util.ArrayList<>(section);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, section);
        section.clear();
      } else if (line.startsWith("  --")) {
        section.add(line.substring(4).split("=")[0]);
      }
    }
  }
}
