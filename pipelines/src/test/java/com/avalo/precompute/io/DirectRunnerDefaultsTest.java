package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.cli.Jobs;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.junit.Test;

/**
 * Whole runs on the DirectRunner leave its immutability check off (it walks every transform of
 * all six jobs once per bundle) unless the caller asks for it; its encodability check stays.
 */
public class DirectRunnerDefaultsTest {
  @Test
  public void theImmutabilityCheckIsOffUnlessAskedFor() {
    DirectOptions plain = parse();
    assertEquals(DirectRunner.class, plain.getRunner());
    assertFalse(plain.isEnforceImmutability());
    assertTrue("encodability stays checked", plain.isEnforceEncodability());

    assertTrue(parse("--enforceImmutability=true").isEnforceImmutability());
    assertTrue("the bare flag", parse("--enforceImmutability").isEnforceImmutability());
    assertFalse(parse("--enforceImmutability=false").isEnforceImmutability());
  }

  private static DirectOptions parse(String... args) {
    return PrecomputeRunner.parseOptions(Jobs.all(), args).as(DirectOptions.class);
  }
}
