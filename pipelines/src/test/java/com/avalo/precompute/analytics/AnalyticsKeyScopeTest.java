package com.avalo.precompute.analytics;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.KeyScope;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.io.RunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/**
 * An analytics run recomputes only its window of buckets: the diff with its previous manifest
 * may delete a bucket of the window it no longer writes, never one outside it.
 */
public class AnalyticsKeyScopeTest {
  private static final Instant AS_OF = Instant.parse("2026-11-20T00:00:00Z");
  private static final List<PrecomputeJob> JOB = List.of(new AnalyticsJob());

  @Test
  public void aScheduledRunOwnsItsBucketsAndCohortsOnly() {
    KeyScope scope = scope();
    assertTrue(scope.owns("analytics:active_users:2026-11-20"));
    // 11-19's chats may still get a reply at 11-20 00:00; 11-18 and 11-17 are the late ones.
    assertTrue(scope.owns("analytics:active_users:2026-11-17"));
    assertFalse("before the late buckets", scope.owns("analytics:active_users:2026-11-16"));
    assertTrue(scope.owns("analytics:api.%2Fv1%2Ffeed:2026-11-19"));
    assertTrue("a D30 cohort", scope.owns("analytics:retention:2026-10-21"));
    assertFalse("no D0/D1/D7/D30 in the window", scope.owns("analytics:retention:2026-11-05"));
  }

  @Test
  public void aBackfillOwnsItsDaysAndARunOfSomeMetricsOnlyThose() {
    KeyScope backfill = scope("--from=2026-10-01", "--to=2026-10-31");
    assertTrue(backfill.owns("analytics:revenue:2026-10-15"));
    assertFalse(backfill.owns("analytics:revenue:2026-11-20"));
    KeyScope revenueOnly = scope("--analyticsMetrics=revenue");
    assertTrue(revenueOnly.owns("analytics:revenue:2026-11-20"));
    assertFalse(revenueOnly.owns("analytics:engagement:2026-11-20"));
  }

  @Test
  public void aStoredKeyThisBuildCannotParseIsKeptNotAFailure() {
    KeyScope scope = scope();
    assertFalse(scope.owns("analytics:active_users:2026-11-20:UTC"));
    assertFalse(scope.owns("analytics:active_users"));
  }

  private static KeyScope scope(String... args) {
    return new AnalyticsJob().keyScope(PrecomputeRunner.parseOptions(JOB, args),
        new RunContext("r", AS_OF, AS_OF, null, Duration.ofDays(30)));
  }
}
