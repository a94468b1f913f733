package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The bypass and its change count are one number: setting it to what it is changes nothing. */
public class FeatureFlagsTest {
  @Test
  public void onlyARealChangeOfTheBypassIsCounted() {
    FeatureFlags flags = new FeatureFlags();
    assertFalse(flags.bypassCache());
    flags.setBypassCache(false);
    assertEquals(0, flags.bypassChanges());
    flags.setBypassCache(true);
    flags.setBypassCache(true);
    assertTrue(flags.bypassCache());
    assertEquals(1, flags.bypassChanges());
    flags.setBypassCache(false);
    assertFalse(flags.bypassCache());
    assertEquals(2, flags.bypassChanges());
  }
}
