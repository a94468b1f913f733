package com.avalo.precompute.counts;

import com.avalo.precompute.io.PrecomputeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code counts} job. */
public interface CountsOptions extends PrecomputeOptions {

  @Description("The counts config: a JSON file of named count queries (format in CountsConfig's"
      + " Javadoc), or classpath:RESOURCE; defaults to the bundled counts/queries.json")
  @Default.String(CountsConfig.BUNDLED)
  String getCountsConfig();

  void setCountsConfig(String value);
}
