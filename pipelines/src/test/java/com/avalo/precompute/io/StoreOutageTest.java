package com.avalo.precompute.io;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/**
 * When a run's store counts as gone: failed probes in a row for the whole outage, never one slow
 * answer; and FirestoreIO's retry settings from the run's options.
 */
public class StoreOutageTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration DOWN_FOR = Duration.ofSeconds(30);

  @Test
  public void goneOnceEveryProbeFailedForTheWholeOutage() {
    StoreOutage outage = new StoreOutage(DOWN_FOR);
    assertFalse(outage.gone(T0, false));
    assertFalse(outage.gone(T0.plusSeconds(10), false));
    assertFalse(outage.gone(T0.plusSeconds(29), false));
    assertTrue(outage.gone(T0.plusSeconds(30), false));
  }

  @Test
  public void anAnswerStartsTheCountAgain() {
    StoreOutage outage = new StoreOutage(DOWN_FOR);
    outage.gone(T0, false);
    outage.gone(T0.plusSeconds(20), false);
    assertFalse(outage.gone(T0.plusSeconds(25), true));
    assertFalse(outage.gone(T0.plusSeconds(35), false));
    assertFalse(outage.gone(T0.plusSeconds(50), false));
    assertFalse("30 s after the new first failure, but only its third probe is due then",
        outage.gone(T0.plusSeconds(64), false));
    assertTrue(outage.gone(T0.plusSeconds(65), false));
  }

  @Test
  public void fewerThanThreeFailedProbesNeverCountHoweverLongTheyTook() {
    StoreOutage outage = new StoreOutage(DOWN_FOR);
    assertFalse(outage.gone(T0, false));
    assertFalse("two slow failures on a starved machine", outage.gone(T0.plusSeconds(300), false));
    assertTrue(outage.gone(T0.plusSeconds(301), false));
  }

  @Test
  public void answeringStoreIsNeverGone() {
    StoreOutage outage = new StoreOutage(DOWN_FOR);
    for (int second = 0; second < 600; second += 10) {
      assertFalse(outage.gone(T0.plusSeconds(second), true));
    }
  }

  @Test
  public void firestoreRetriesComeFromTheRunsOptions() {
    RpcQosOptions qos = FirestoreQos.of(options("--firestoreMaxAttempts=3",
        "--firestoreRetryBackoffSeconds=8", "--firestoreWriteWorkers=4"));
    assertEquals(3, qos.getMaxAttempts());
    assertEquals(org.joda.time.Duration.standardSeconds(8), qos.getThrottleDuration());
    assertEquals(org.joda.time.Duration.standardSeconds(8), qos.getInitialBackoff());
    assertEquals(4, qos.getHintMaxNumWorkers());
  }

  @Test
  public void firestoreRetriesOutsideFirestoreIOsRangeNameTheOption() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> FirestoreQos.of(options("--firestoreMaxAttempts=9")));
    assertTrue(refused.getMessage(), refused.getMessage().startsWith("--firestoreMaxAttempts=9"));
    assertTrue(refused.getMessage(), refused.getMessage().contains("maxAttempts must be in the range 1 to 5"));
  }

  private static PrecomputeOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(PrecomputeOptions.class);
  }
}
