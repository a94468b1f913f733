package com.avalo.precompute.serving.http;

import com.avalo.precompute.serving.CacheRead;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics: {@code http_server_requests_seconds} (count, sum and a compact histogram) per
 * method, route template, status and answering layer ({@code memory}, {@code store},
 * {@code origin}, {@code none}: the {@code X-Cache-Layer} of the answer, {@code none} for answers
 * without one; {@code stale_if_error} for answers memory gave because the store failed, which may
 * have waited for the failure), so that the time a request spends in the server can be read per
 * layer, memory hits apart; and
 * {@code avalo_serving_http_reads_total} per answering layer and outcome. Routes are templates ({@code /v1/users/{uid}}) and unmatched paths share one
 * label, so a scanner cannot blow up the series count.
 */
final class HttpMetrics {
  static final String UNMATCHED = "unmatched";
  static final String STORE_FAILED_LAYER = "stale_if_error";

  // Buckets for latency SLOs at the percentiles a dashboard asks for; few, to keep series small.
  // 0.25 and 0.5 ms tell memory hits apart; 5 ms is the bound their p99 is held to.
  private static final Duration[] BUCKETS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
      Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

  private final MeterRegistry registry;

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void recordRequest(String method, String route, int status, String layer, float millis) {
    Timer.builder("http.server.requests")
        .description("HTTP requests served, by route template and status")
        .tag("method", method)
        .tag("route", route == null ? UNMATCHED : route)
        .tag("status", Integer.toString(status))
        .tag("layer", layer == null ? "none" : layer)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  /**
   * A request Jetty answered itself, before any route or the request logger saw it: a malformed
   * request line or path, a target or headers past its buffers. Counted apart because those
   * answers never reach {@link #recordRequest}, and a flood of them is otherwise invisible.
   */
  void recordRefusal(int status) {
    Counter.builder("http.server.refused")
        .description("requests Jetty refused before any route saw them, by status")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  void recordRead(CacheRead read) {
    Counter.builder("avalo.serving.http.reads")
        .description("documents read for HTTP answers, by the layer that answered")
        .tag("layer", DocumentResponses.layerName(read.layer()))
        .tag("outcome", read.document() == null ? "missing" : read.stale() ? "stale" : "hit")
        .register(registry)
        .increment();
  }
}
