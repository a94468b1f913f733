package com.avalo.precompute.counts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

public class CountsJobTest {
  @Test
  public void defaultsToTheBundledConfigAndValidatesIt() {
    CountsOptions options = PipelineOptionsFactory.create().as(CountsOptions.class);
    assertEquals("classpath:counts/queries.json", options.getCountsConfig());
    new CountsJob().validate(options);
    assertEquals("counts", new CountsJob().name());
  }

  @Test
  public void validateStopsOnABrokenConfigWithOneLine() {
    CountsOptions options = PipelineOptionsFactory
        .fromArgs("--countsConfig=/no/such/queries.json").as(CountsOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CountsJob().validate(options));
    assertTrue(e.getMessage(),
        e.getMessage().startsWith("counts config /no/such/queries.json: cannot read it"));
  }
}
