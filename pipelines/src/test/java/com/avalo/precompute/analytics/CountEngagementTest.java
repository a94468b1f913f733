package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AnalyticsFixtures.DOCUMENTS;
import static com.avalo.precompute.analytics.AnalyticsFixtures.assertValues;
import static com.avalo.precompute.analytics.AnalyticsFixtures.user;
import static com.avalo.precompute.analytics.AnalyticsFixtures.valuesByKey;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Message;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;

public class CountEngagementTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Like like(String id, String from, String to, LikeKind kind, String at) {
    return new Like(id, from, to, kind, Instant.parse(at));
  }

  private static Message message(String id, String chat, String sender, String at) {
    return new Message(id, chat, sender, "text", Instant.parse(at));
  }

  @Test
  public void countsEngagementPerBucketWithRates() {
    PCollectionTuple input = PCollectionTuple
        .of(CountEngagement.USERS, pipeline.apply("Users", Create.of(
            user("ann", "2026-11-19T10:00:00Z"),
            user("bob", "2026-11-20T00:00:00Z"), // on the edge: the 20th
            user("cat", "2026-11-21T07:00:00Z"), // after asOf
            user("dan", "2026-10-15T00:00:00Z"))))
        .and(CountEngagement.LIKES, pipeline.apply("Likes", Create.of(
            like("l1", "ann", "bob", LikeKind.like, "2026-11-19T12:00:00Z"),
            like("l2", "bob", "ann", LikeKind.superlike, "2026-11-20T09:00:00Z"),
            like("l3", "ann", "cat", LikeKind.pass, "2026-11-20T10:00:00Z"),
            like("l4", "cat", "ann", LikeKind.like, "2026-11-20T11:00:00Z"),
            like("l5", "ann", "dan", LikeKind.like, "2026-11-21T07:00:00Z"),
            like("l6", "bob", "cat", LikeKind.pass, "2026-11-02T00:00:00Z"))))
        .and(CountEngagement.MATCHES, pipeline.apply("Matches", Create.of(new Match("x1",
            List.of("ann", "bob"), Instant.parse("2026-11-20T09:00:00Z"), "c1"))))
        .and(CountEngagement.MESSAGES, pipeline.apply("Messages", Create.of(
            message("m1", "c1", "ann", "2026-11-20T10:00:00Z"),
            message("m2", "c1", "bob", "2026-11-20T11:00:00Z"), // replied in time
            message("m3", "c2", "cat", "2026-11-19T08:00:00Z"),
            message("m4", "c2", "ann", "2026-11-20T09:00:00Z"), // 25 h later: too late
            message("m5", "c3", "bob", "2026-11-21T01:00:00Z"), // window open at asOf
            message("m6", "c3", "cat", "2026-11-21T07:00:00Z"), // after asOf
            message("m7", "c4", "dan", "2026-11-18T10:00:00Z"),
            message("m8", "c4", "ann", "2026-11-18T12:00:00Z"))));
    PCollection<CacheWrite> writes = input.apply(
        new CountEngagement(AnalyticsFixtures.dayWeekMonthPlan(), DOCUMENTS, 24));

    PAssert.that(writes).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(5, values.size());
      assertValues("day 19", "{'complete':true,'newUsers':1,'likes':1,'superlikes':0,'passes':0,"
          + "'matches':0,'matchRate':0.0,'messagesSent':1,'chatsStarted':1,'chatsReplied':0,"
          + "'chatsAwaitingReply':0,'responseRate':0.0,'responseWindowHours':24}",
          values.get("analytics:engagement:2026-11-19"));
      assertValues("day 20", "{'complete':true,'newUsers':1,'likes':1,'superlikes':1,'passes':1,"
          + "'matches':1,'matchRate':0.5,'messagesSent':3,'chatsStarted':1,'chatsReplied':1,"
          + "'chatsAwaitingReply':0,'responseRate':1.0,'responseWindowHours':24}",
          values.get("analytics:engagement:2026-11-20"));
      assertValues("day 21", "{'complete':false,'newUsers':0,'likes':0,'superlikes':0,'passes':0,"
          + "'matches':0,'matchRate':null,'messagesSent':1,'chatsStarted':1,'chatsReplied':0,"
          + "'chatsAwaitingReply':1,'responseRate':0.0,'responseWindowHours':24}",
          values.get("analytics:engagement:2026-11-21"));
      assertValues("week 47", "{'complete':false,'newUsers':2,'likes':2,'superlikes':1,'passes':1,"
          + "'matches':1,'matchRate':" + (1.0 / 3) + ",'messagesSent':7,'chatsStarted':4,"
          + "'chatsReplied':2,'chatsAwaitingReply':1,'responseRate':0.5,'responseWindowHours':24}",
          values.get("analytics:engagement:2026-W47"));
      assertValues("November", "{'complete':false,'newUsers':2,'likes':2,'superlikes':1,'passes':2,"
          + "'matches':1,'matchRate':" + (1.0 / 3) + ",'messagesSent':7,'chatsStarted':4,"
          + "'chatsReplied':2,'chatsAwaitingReply':1,'responseRate':0.5,'responseWindowHours':24}",
          values.get("analytics:engagement:2026-11"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
