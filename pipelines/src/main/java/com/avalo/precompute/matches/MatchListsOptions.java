package com.avalo.precompute.matches;

import com.avalo.precompute.io.PrecomputeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code matches} job. */
public interface MatchListsOptions extends PrecomputeOptions {
  @Description("Most matches listed in one matches:{uid} document (newest first); the total is always exact")
  @Default.Integer(1000)
  int getMaxMatchesListed();

  void setMaxMatchesListed(int value);
}
