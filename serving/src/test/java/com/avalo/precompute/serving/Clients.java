package com.avalo.precompute.serving;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Test clients: fake time, loads on the calling thread (deterministic), their own registry. */
final class Clients {
  private Clients() {}

  static CacheClientBuilder builder(MapStore store, FakeTime time) {
    return CacheClient.builder(store)
        .ticker(time)
        .clock(time)
        .executor(Runnable::run)
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }
}
