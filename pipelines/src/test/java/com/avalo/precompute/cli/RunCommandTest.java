package com.avalo.precompute.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** How {@code run} hands options to Beam, checked without running a pipeline. */
public class RunCommandTest {

  @Test
  public void aBeamSpellingOfAnOptionTheCliSetsIsRefusedWithTheFlagToUse() {
    CliRuns.Result result = CliRuns.run("run", "profiles", "--input=src/test/resources/fixtures/small",
        "--asOf=2026-11-20");
    assertEquals(2, result.exitCode());
    assertTrue(result.err(), result.err().contains("use --as-of instead of --asOf"));

    result = CliRuns.run("run", "profiles", "--runId=r1");
    assertEquals(2, result.exitCode());
    assertTrue(result.err(), result.err().contains("use --run-id instead of --runId"));
  }

  @Test
  public void theDirectRunnerChecksAreOffUnlessTheUserChoosesThem() {
    RunCommand run = new RunCommand();
    new picocli.CommandLine(run).parseArgs("profiles");
    assertTrue(run.beamArguments().contains("--enforceImmutability=false"));

    run = new RunCommand();
    new picocli.CommandLine(run).parseArgs("profiles", "--enforceImmutability=true");
    assertTrue(run.beamArguments().contains("--enforceImmutability=true"));
    assertTrue(run.beamArguments().stream().noneMatch("--enforceImmutability=false"::equals));
    assertTrue(run.beamArguments().contains("--enforceEncodability=false"));
  }
}
