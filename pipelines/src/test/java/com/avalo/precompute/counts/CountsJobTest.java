package com.avalo.precompute.counts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.JobChecks;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class CountsJobTest {
  @Test
  public void defaultsToTheBundledConfigAndValidatesIt() {
    CountsOptions options = PipelineOptionsFactory.create().as(CountsOptions.class);
    assertEquals("classpath:counts/queries.json", options.getCountsConfig());
    JobChecks.validate(new CountsJob(), options);
    assertEquals("counts", new CountsJob().name());
  }

  @Test
  public void validateStopsOnABrokenConfigWithOneLine() {
    CountsOptions options = PipelineOptionsFactory
        .fromArgs("--countsConfig=/no/such/queries.json").as(CountsOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JobChecks.validate(new CountsJob(), options));
    assertTrue(e.getMessage(),
        e.getMessage().startsWith("counts config /no/such/queries.json: cannot read it"));
  }
}
