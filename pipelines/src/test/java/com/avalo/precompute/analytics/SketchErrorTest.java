package com.avalo.precompute.analytics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.apache.datasketches.hll.HllSketch;
import org.junit.Test;

/** The stated errors of the two sketches, checked against exact answers on generated data. */
public class SketchErrorTest {

  private static List<TreeSet<String>> shardsOf(int users, int shards, int offset) {
    List<TreeSet<String>> byShard = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      byShard.add(new TreeSet<>());
    }
    for (int i = 0; i < users; i++) {
      String uid = "user-" + (offset + i);
      byShard.get(CountActiveUsers.shardOf(uid)).add(uid);
    }
    return byShard;
  }

  @Test
  public void hllOf200kDistinctUsersIsWithinTwoStandardErrors() {
    assertEquals(0.0162, ActiveUserSketches.RSE, 0.0001);
    List<byte[]> sketches = new ArrayList<>();
    for (TreeSet<String> shard : shardsOf(200_000, CountActiveUsers.SHARDS, 0)) {
      sketches.add(ActiveUserSketches.sketch(shard));
    }
    HllSketch merged = ActiveUserSketches.union(sketches);
    double error = Math.abs(merged.getEstimate() - 200_000) / 200_000;
    assertTrue("relative error " + error, error <= 2 * ActiveUserSketches.RSE);
    assertTrue(merged.getLowerBound(2) <= 200_000 && 200_000 <= merged.getUpperBound(2));
  }

  @Test
  public void daySketchesRollUpIntoAWeekWithOverlappingUsers() {
    // Seven days of 30k users each, sliding by 10k: 90k distinct users in the week.
    List<byte[]> days = new ArrayList<>();
    for (int day = 0; day < 7; day++) {
      TreeSet<String> users = new TreeSet<>();
      for (int i = 0; i < 30_000; i++) {
        users.add("user-" + (day * 10_000 + i));
      }
      days.add(ActiveUserSketches.sketch(users));
    }
    double estimate = ActiveUserSketches.union(days).getEstimate();
    assertTrue("estimate " + estimate, Math.abs(estimate - 90_000) / 90_000 <= 2 * ActiveUserSketches.RSE);
  }

  @Test
  public void smallCountsAreExactAndBytesDoNotDependOnInputOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add("u" + i);
    }
    byte[] first = ActiveUserSketches.sketch(new TreeSet<>(ids));
    Collections.shuffle(ids, new Random(3));
    assertArrayEquals(first, ActiveUserSketches.sketch(new TreeSet<>(ids)));
    assertEquals(50.0, HllSketch.heapify(first).getEstimate(), 0.5);
  }

  @Test
  public void hdrHistogramPercentilesOf100kLatenciesAreWithinATenthOfAPercent() {
    Random random = new Random(42);
    long[] latencies = new long[100_000];
    Histogram histogram = LatencyHistograms.empty();
    Histogram[] parts = {LatencyHistograms.empty(), LatencyHistograms.empty()};
    for (int i = 0; i < latencies.length; i++) {
      // Log-normal around 55 ms with a long tail, and a few very slow calls.
      latencies[i] = i % 5000 == 0 ? 20_000 + random.nextInt(10_000)
          : (long) Math.exp(4 + 1.2 * random.nextGaussian());
      LatencyHistograms.record(histogram, latencies[i]);
      LatencyHistograms.record(parts[i % 2], latencies[i]);
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    for (double p : new double[] {50, 90, 95, 99, 99.9}) {
      long exact = LatencyHistograms.exactPercentile(sorted, p);
      long reported = LatencyHistograms.percentile(histogram, p);
      assertTrue("p" + p + ": exact " + exact + ", reported " + reported,
          Math.abs(reported - exact) <= LatencyHistograms.MAX_RELATIVE_ERROR * exact);
    }
    // Merged halves give the same histogram, and its document form round-trips.
    parts[1].add(parts[0]);
    assertEquals(histogram, parts[1]);
    assertEquals(LatencyHistograms.toBase64(histogram), LatencyHistograms.toBase64(parts[1]));
    assertEquals(histogram, LatencyHistograms.fromBase64(LatencyHistograms.toBase64(histogram)));
  }
}
