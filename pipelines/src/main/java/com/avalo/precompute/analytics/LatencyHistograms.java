package com.avalo.precompute.analytics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The mergeable latency sketch of api buckets: an HdrHistogram of milliseconds from 1 to
 * {@link #MAX_MS} with {@link #SIGNIFICANT_DIGITS} significant digits.
 *
 * <p>Error: below 2,048 ms every value has its own bucket, so percentiles are exact, and so are
 * alerts against thresholds in that range (a p95 of exactly 500 ms is not over 500 ms); above, a
 * bucket is at most 1/1024 of its values wide, so a reported percentile is within
 * {@link #MAX_RELATIVE_ERROR} (0.1%) of the exact nearest-rank value; it reports the bucket's
 * highest value, so it errs high, never low. (With 2 significant digits, exact only below 256 ms,
 * a p95 of exactly 500 or 1000 ms was reported as 501 or 1003 and alerted.) Latencies above
 * {@link #MAX_MS} are recorded as {@link #MAX_MS}.
 * Counts add up exactly when histograms merge, in any order, so merged histograms (and their
 * bytes) are the same whatever the order. Stored in documents in HdrHistogram's compressed
 * encoding, base64 (a few hundred bytes to a few KB).
 */
public final class LatencyHistograms {
  public static final int SIGNIFICANT_DIGITS = 3;
  public static final long MAX_MS = 3_600_000;
  public static final double MAX_RELATIVE_ERROR = 0.001;

  private LatencyHistograms() {}

  /** An empty histogram of the fixed range, so that every histogram has the same layout. */
  public static Histogram empty() {
    return new Histogram(1, MAX_MS, SIGNIFICANT_DIGITS);
  }

  /** Records one latency, clamped to the range. */
  public static void record(Histogram histogram, long latencyMs) {
    histogram.recordValue(Math.min(Math.max(latencyMs, 0), MAX_MS));
  }

  /** The value at {@code percentile} (0-100); 0 for an empty histogram. */
  public static long percentile(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
  }

  /** The exact nearest-rank percentile of sorted values, for comparison in tests and docs. */
  public static long exactPercentile(long[] sorted, double percentile) {
    // As HdrHistogram ranks: 99.9 / 100 is 0.9990000000000001 in doubles, which made the rank of
    // p99.9 of 100,000 values 99,901, not 99,900.
    int rank = (int) Math.ceil(Math.nextDown(percentile) * sorted.length / 100.0);
    return sorted[Math.max(rank, 1) - 1];
  }

  public static String toBase64(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  public static Histogram fromBase64(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an HdrHistogram: " + e.getMessage(), e);
    }
  }

  /** The document form: percentiles, maximum, mean and the histogram itself. */
  public static ObjectNode toJson(Histogram histogram) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("p50", percentile(histogram, 50));
    json.put("p95", percentile(histogram, 95));
    json.put("p99", percentile(histogram, 99));
    json.put("max", histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue());
    json.put("format", "hdrhistogram");
    json.put("significantDigits", SIGNIFICANT_DIGITS);
    json.put("maxRelativeError", MAX_RELATIVE_ERROR);
    json.put("base64", toBase64(histogram));
    return json;
  }
}
