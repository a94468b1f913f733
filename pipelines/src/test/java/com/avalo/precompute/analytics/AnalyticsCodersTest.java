package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.analytics.ChatStart.Earliest;
import com.avalo.precompute.analytics.ChatStart.EarliestBySender;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.avalo.precompute.source.SourceRecords.Event;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** The accumulators' own coders give back what they were given. */
public class AnalyticsCodersTest {
  private static final AlertThresholds THRESHOLDS = AlertThresholds.PRODUCT;

  @Test
  public void aShardsUsersAndSessionsSurviveTheirCoder() throws Exception {
    CountActiveUsers.ShardUsers shard = new CountActiveUsers.ShardUsers();
    shard.users.addAll(List.of("u9", "u1", "ü-ñ", "u10"));
    shard.sessions = 1L << 40;
    CountActiveUsers.ShardUsersCoder coder = new CountActiveUsers.ShardUsersCoder();
    CountActiveUsers.ShardUsers back =
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, shard));
    assertEquals(shard.users, back.users);
    assertEquals(shard.sessions, back.sessions);
    assertEquals(0, CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder,
        new CountActiveUsers.ShardUsers())).users.size());
  }

  @Test
  public void apiStatsWriteTheSameFiguresAfterTheirCoder() throws Exception {
    ApiStats stats = new ApiStats();
    CacheLayer[] layers = CacheLayer.values();
    for (int i = 0; i < 5_000; i++) {
      stats.add(new Event("e" + i, "api_call", "u" + i % 7, Instant.EPOCH, "feed",
          (long) (i * 37 % 4_000), layers[i % layers.length], i % 11 != 0));
    }
    ApiStats back = CoderUtils.decodeFromByteArray(new ApiStats.StatsCoder(),
        CoderUtils.encodeToByteArray(new ApiStats.StatsCoder(), stats));
    assertEquals(written(stats), written(back));
    assertEquals(stats.latency, back.latency);
    assertEquals(written(new ApiStats()), written(CoderUtils.decodeFromByteArray(
        new ApiStats.StatsCoder(), CoderUtils.encodeToByteArray(new ApiStats.StatsCoder(),
            new ApiStats()))));
  }

  @Test
  public void eachSendersEarliestMessageSurvivesItsCoder() throws Exception {
    EarliestBySender senders = new EarliestBySender();
    senders.add("alice", new Earliest(Instant.parse("2026-11-20T10:00:00.123456789Z"), "m1"));
    senders.add("bob", new Earliest(Instant.parse("1969-12-31T23:59:59Z"), "m2"));
    ChatStart.EarliestBySenderCoder coder = new ChatStart.EarliestBySenderCoder();
    assertEquals(senders,
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, senders)));
  }

  private static String written(ApiStats stats) {
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    stats.writeTo(values, THRESHOLDS);
    return values.toString();
  }
}
