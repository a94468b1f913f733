package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes {@code events.ndjson} over the activity window: a {@code session_start} for every
 * session of the {@link ActivityModel} (the same sessions {@code lastActiveAt} came from), each
 * followed by a few {@code api_call}s whose latency depends on the endpoint and on the cache
 * layer that answered.
 */
final class EventsPhase {
  private static final String[] ENDPOINTS = {
      "/v1/feed", "/v1/chats", "/v1/profile", "/v1/matches", "/v1/stats"};
  private static final double[] ENDPOINT_WEIGHTS = {35, 25, 15, 15, 10};
  private static final String[] LAYERS = {"memory", "firestore", "origin", "none"};
  /** Per endpoint, share of calls answered by each layer; short-TTL documents miss memory more. */
  private static final double[][] LAYER_WEIGHTS = {
      {40, 40, 17, 3}, {45, 35, 15, 5}, {70, 22, 6, 2}, {55, 32, 10, 3}, {60, 30, 8, 2}};
  private static final double[] LAYER_MEDIAN_MS = {1.5, 28, 160, 110};
  private static final double[] LAYER_SIGMA = {0.5, 0.45, 0.65, 0.6};
  private static final double[] LAYER_FAILURE = {0.003, 0.015, 0.04, 0.03};
  /** How much slower than average each endpoint is when it reaches the origin. */
  private static final double[] ENDPOINT_ORIGIN_FACTOR = {2.0, 1.2, 0.8, 1.0, 1.5};
  private static final long TIMEOUT_MS = 5_000;

  private final SeedConfig config;
  private final Population users;
  private final ActivityModel activity;
  private final Ids eventIds;
  private final long anchor;
  private final long[] sessionTimes = new long[ActivityModel.MAX_SESSIONS_PER_DAY];
  private long nextEvent;

  EventsPhase(SeedConfig config, Population users, ActivityModel activity) {
    this.config = config;
    this.users = users;
    this.activity = activity;
    this.eventIds = new Ids(config.seed(), "events");
    this.anchor = config.anchor().getEpochSecond();
  }

  void run(NdjsonWriter out, SeedProgress progress) throws IOException {
    long firstDay = activity.lastDay() - config.activityWindowDays() + 1;
    ProgressTicker ticker = new ProgressTicker(progress, "events", users.size);
    for (int u = 0; u < users.size; u++) {
      long from = Math.max(firstDay, ActivityModel.dayOf(users.createdAt[u]));
      long to = Math.min(activity.lastDay(), users.activeUntilDay[u]);
      for (long day = from; day <= to; day++) {
        int count = activity.sessions(u, day, sessionTimes);
        for (int s = 0; s < count; s++) {
          writeSession(u, day, s, sessionTimes[s], out);
        }
      }
      ticker.advanceTo(u + 1);
    }
    ticker.finish();
  }

  private void writeSession(int u, long day, int session, long start, NdjsonWriter out)
      throws IOException {
    String userId = users.userId(u);
    JsonGenerator json = out.begin(eventIds.of(nextEvent++));
    json.writeStringField("type", "session_start");
    json.writeStringField("userId", userId);
    out.timestamp("at", start);
    out.end();

    SeedRandom rng = SeedRandom.stream(config.seed(), Streams.API_CALLS,
        (long) u * ActivityModel.MAX_SESSIONS_PER_DAY + session, day);
    int calls = rng.poisson(config.apiCallsPerSession());
    long at = start;
    for (int c = 0; c < calls; c++) {
      at += 1 + Math.round(rng.exponential(40));
      if (at >= anchor) {
        return;
      }
      writeApiCall(userId, at, rng, out);
    }
  }

  private void writeApiCall(String userId, long at, SeedRandom rng, NdjsonWriter out)
      throws IOException {
    int endpoint = rng.weighted(ENDPOINT_WEIGHTS);
    int layer = rng.weighted(LAYER_WEIGHTS[endpoint]);
    double median = LAYER_MEDIAN_MS[layer] * (layer >= 2 ? ENDPOINT_ORIGIN_FACTOR[endpoint] : 1);
    long latency = Math.max(1, Math.round(rng.logNormal(median, LAYER_SIGMA[layer])));
    boolean ok = !rng.chance(LAYER_FAILURE[layer]);
    if (!ok && rng.chance(0.3)) {
      latency = TIMEOUT_MS + rng.nextInt(500); // a timed-out call
    }
    JsonGenerator json = out.begin(eventIds.of(nextEvent++));
    json.writeStringField("type", "api_call");
    json.writeStringField("userId", userId);
    out.timestamp("at", at);
    json.writeStringField("endpoint", ENDPOINTS[endpoint]);
    json.writeNumberField("latencyMs", latency);
    json.writeStringField("cacheLayer", LAYERS[layer]);
    json.writeBooleanField("ok", ok);
    out.end();
  }
}
