package com.avalo.precompute.analytics;

import com.avalo.precompute.source.SourceRecords.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;
import org.HdrHistogram.Histogram;

/**
 * The API figures of one endpoint (or of all) in one bucket, mergeable: call and error counts,
 * calls per cache layer, and a {@link LatencyHistograms latency histogram}.
 *
 * <ul>
 *   <li>{@code errorRate = errors / calls}, an error being an {@code api_call} with {@code ok}
 *       false;
 *   <li>{@code hitRate = (memory + firestore) / (memory + firestore + origin)}: the share of
 *       cacheable calls (cacheLayer other than {@code none}) answered from a cache layer;
 *   <li>{@code memoryHitRate = memory / (memory + firestore + origin)}: the memory layer's hit rate;
 *   <li>{@code firestoreHitRate = firestore / (firestore + origin)}: the Firestore layer's hit rate
 *       on what the memory layer missed;
 *   <li>latency percentiles over all calls, errors included.
 * </ul>
 * Rates are null when there is nothing to divide by.
 */
public final class ApiStats implements Serializable {
  long calls;
  long errors;
  long memory;
  long firestore;
  long origin;
  long none;
  final Histogram latency = LatencyHistograms.empty();

  /** Adds one {@code api_call}. */
  public ApiStats add(Event call) {
    calls++;
    errors += Boolean.TRUE.equals(call.ok()) ? 0 : 1;
    switch (call.cacheLayer()) {
      case memory -> memory++;
      case firestore -> firestore++;
      case origin -> origin++;
      case none -> none++;
    }
    LatencyHistograms.record(latency, call.latencyMs());
    return this;
  }

  /** Adds another's figures to this one's. */
  public ApiStats addAll(ApiStats other) {
    calls += other.calls;
    errors += other.errors;
    memory += other.memory;
    firestore += other.firestore;
    origin += other.origin;
    none += other.none;
    latency.add(other.latency);
    return this;
  }

  public long calls() {
    return calls;
  }

  public Double errorRate() {
    return AnalyticsDocuments.rate(errors, calls);
  }

  public Double hitRate() {
    return AnalyticsDocuments.rate(memory + firestore, memory + firestore + origin);
  }

  public long p95() {
    return LatencyHistograms.percentile(latency, 95);
  }

  /** Adds the figures, the cache layers and the alert levels to a document's values. */
  public void writeTo(ObjectNode values, AlertThresholds thresholds) {
    values.put("calls", calls);
    values.put("errors", errors);
    values.put("errorRate", errorRate());
    values.set("latencyMs", LatencyHistograms.toJson(latency));
    ObjectNode cache = values.putObject("cache");
    ObjectNode byLayer = cache.putObject("calls");
    byLayer.put("memory", memory);
    byLayer.put("firestore", firestore);
    byLayer.put("origin", origin);
    byLayer.put("none", none);
    cache.put("hitRate", hitRate());
    cache.put("memoryHitRate", AnalyticsDocuments.rate(memory, memory + firestore + origin));
    cache.put("firestoreHitRate", AnalyticsDocuments.rate(firestore, firestore + origin));
    values.set("alerts", thresholds.toJson(hitRate(), calls, p95()));
  }

  /** The short form listed in the all-endpoints document. */
  public void writeSummaryTo(ObjectNode summary, AlertThresholds thresholds) {
    summary.put("calls", calls);
    summary.put("errorRate", errorRate());
    summary.put("p95", p95());
    summary.put("hitRate", hitRate());
    summary.put("level", thresholds.toJson(hitRate(), calls, p95()).path("level").asText());
  }

  /**
   * The figures as numbers and the histogram in HdrHistogram's plain encoding. Java serialization,
   * Beam's default here, deflates the histogram every time a partial sum crosses a step.
   */
  public static final class StatsCoder extends CustomCoder<ApiStats> {
    @Override
    public void encode(ApiStats stats, OutputStream out) throws IOException {
      for (long count : new long[] {stats.calls, stats.errors, stats.memory, stats.firestore,
          stats.origin, stats.none}) {
        VarInt.encode(count, out);
      }
      ByteBuffer histogram = ByteBuffer.allocate(stats.latency.getNeededByteBufferCapacity());
      int length = stats.latency.encodeIntoByteBuffer(histogram);
      VarInt.encode(length, out);
      out.write(histogram.array(), 0, length);
    }

    @Override
    public ApiStats decode(InputStream in) throws IOException {
      ApiStats stats = new ApiStats();
      stats.calls = VarInt.decodeLong(in);
      stats.errors = VarInt.decodeLong(in);
      stats.memory = VarInt.decodeLong(in);
      stats.firestore = VarInt.decodeLong(in);
      stats.origin = VarInt.decodeLong(in);
      stats.none = VarInt.decodeLong(in);
      byte[] histogram = new byte[VarInt.decodeInt(in)];
      new DataInputStream(in).readFully(histogram);
      stats.latency.add(Histogram.decodeFromByteBuffer(ByteBuffer.wrap(histogram), 0));
      return stats;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof StatsCoder;
    }

    @Override
    public int hashCode() {
      return StatsCoder.class.hashCode();
    }
  }
}
