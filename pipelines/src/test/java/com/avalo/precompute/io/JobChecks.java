package com.avalo.precompute.io;

import java.time.Instant;

/** Job checks as the runner makes them, for tests that give a job Beam-style options. */
public final class JobChecks {
  private JobChecks() {}

  /** Validates {@code job} against the run the options describe ({@code --asOf}, or now). */
  public static void validate(PrecomputeJob job, PrecomputeOptions options) {
    job.validate(options, RunContext.from(options, Instant.now()));
  }
}
