package com.avalo.precompute.counts;

import static com.avalo.precompute.counts.Fixtures.AS_OF;
import static com.avalo.precompute.counts.Fixtures.DAY_END;
import static com.avalo.precompute.counts.Fixtures.DAY_START;
import static com.avalo.precompute.counts.Fixtures.RUN;
import static com.avalo.precompute.counts.Fixtures.activeUser;
import static com.avalo.precompute.counts.Fixtures.like;
import static com.avalo.precompute.counts.Fixtures.message;
import static com.avalo.precompute.counts.Fixtures.user;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

public class CountQueriesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final CountsConfig CONFIG = CountsConfig.parse("test.json", """
      [
        {"name": "active_by_city_gender", "collection": "users", "activeOnly": true,
         "groupBy": ["city", "gender"]},
        {"name": "users_by_status", "collection": "users", "groupBy": ["status"]},
        {"name": "messages_today", "collection": "messages",
         "window": {"field": "sentAt", "period": "day"}},
        {"name": "likes_today_by_kind", "collection": "likes",
         "window": {"field": "createdAt", "period": "day"}, "groupBy": ["kind"]},
        {"name": "matches_today", "collection": "matches",
         "window": {"field": "createdAt", "period": "day"}}
      ]""");

  @Test
  public void countsEveryQueryIntoExactDocuments() {
    Instant longAgo = Instant.parse("2026-01-01T00:00:00Z");
    List<User> users = List.of(
        activeUser("u1", "Berlin", Gender.female),
        activeUser("u2", "Berlin", Gender.female),
        activeUser("u3", "New York", Gender.male),
        user("u4", "Berlin", Gender.female, UserStatus.suspended, longAgo, AS_OF),
        user("u5", "Berlin", Gender.female, UserStatus.active, longAgo,
            AS_OF.minusSeconds(40 * 86400)),
        user("u6", "Berlin", Gender.female, UserStatus.active, AS_OF.plusSeconds(60),
            AS_OF.plusSeconds(60)),
        activeUser("u7", "", Gender.male));
    List<Message> messages = List.of(
        message("m1", "2026-11-24T00:00:00Z"),
        message("m2", "2026-11-23T23:59:59Z"),
        message("m3", "2026-11-24T12:00:01Z"),
        message("m4", "2026-11-24T10:00:00Z"));
    List<Like> likes = List.of(
        like("l1", LikeKind.superlike, "2026-11-24T00:00:00Z"),
        like("l2", LikeKind.like, "2026-11-24T11:00:00Z"),
        like("l3", LikeKind.superlike, "2026-11-24T13:00:00Z"));

    PCollectionTuple records = PCollectionTuple
        .of("users", pipeline.apply("Users",
            Create.of(users).withCoder(SerializableCoder.of(User.class))))
        .and("messages", pipeline.apply("Messages",
            Create.of(messages).withCoder(SerializableCoder.of(Message.class))))
        .and("likes", pipeline.apply("Likes",
            Create.of(likes).withCoder(SerializableCoder.of(Like.class))))
        .and("matches", pipeline.apply("Matches",
            Create.empty(SerializableCoder.of(Match.class))));
    PCollectionTuple counted = records.apply(new CountQueries("counts", CONFIG, RUN));

    PAssert.that(payloads(counted.get(CountQueries.WRITES))).containsInAnyOrder(
        result("count:users:active=true,city=Berlin,gender=female", "active_by_city_gender",
            "users", 2, null, "active", "true", "city", "Berlin", "gender", "female"),
        result("count:users:active=true,city=New+York,gender=male", "active_by_city_gender",
            "users", 1, null, "active", "true", "city", "New York", "gender", "male"),
        result("count:users:status=active", "users_by_status", "users", 5, null,
            "status", "active"),
        result("count:users:status=suspended", "users_by_status", "users", 1, null,
            "status", "suspended"),
        result("count:messages:sentAt=2026-11-24", "messages_today", "messages", 2, DAY_START,
            "sentAt", "2026-11-24"),
        result("count:likes:createdAt=2026-11-24,kind=like", "likes_today_by_kind", "likes", 1,
            DAY_START, "createdAt", "2026-11-24", "kind", "like"),
        result("count:likes:createdAt=2026-11-24,kind=superlike", "likes_today_by_kind", "likes",
            1, DAY_START, "createdAt", "2026-11-24", "kind", "superlike"),
        result("count:matches:createdAt=2026-11-24", "matches_today", "matches", 0, DAY_START,
            "createdAt", "2026-11-24"));

    PAssert.that(counted.get(CountQueries.WRITES)).satisfies(writes -> {
      for (CacheWrite write : writes) {
        assertEquals("counts", write.document().job());
        assertEquals("count", write.document().type());
        assertEquals(AS_OF, write.document().asOf());
      }
      return null;
    });
    PAssert.that(counted.get(CountQueries.DEAD_LETTERS)).satisfies(letters -> {
      List<DeadLetter> all = new java.util.ArrayList<>();
      letters.forEach(all::add);
      assertEquals(1, all.size());
      DeadLetter only = all.get(0);
      assertEquals("users/u7", only.origin());
      assertTrue(only.reason(), only.reason().startsWith(
          "count query 'active_by_city_gender' cannot key group {city=, gender=male}"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aRecordWhoseGroupCannotBeKeyedIsCountedAsDeadLetteredInTheRunsMetrics() {
    // The run's summary and progress line count dead letters from this metric: a letter written
    // without it read "dead-lettered: 0" beside a dead-letter file holding it.
    PCollectionTuple records = PCollectionTuple.of("users", pipeline.apply("Users",
        Create.of(activeUser("u7", "", Gender.male)).withCoder(SerializableCoder.of(User.class))));
    CountsConfig config = CountsConfig.parse("test.json", """
        [{"name": "active_by_city", "collection": "users", "activeOnly": true,
          "groupBy": ["city"]}]""");
    records.apply(new CountQueries("counts", config, RUN));

    org.apache.beam.sdk.PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    long counted = 0;
    for (var counter : result.metrics().queryMetrics(
        org.apache.beam.sdk.metrics.MetricsFilter.builder().build()).getCounters()) {
      if (counter.getName().getNamespace().equals("dead_lettered")) {
        assertEquals("users", counter.getName().getName());
        counted += counter.getAttempted();
      }
    }
    assertEquals(1, counted);
  }

  private static PCollection<KV<String, CountResult>> payloads(PCollection<CacheWrite> writes) {
    return writes
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                TypeDescriptor.of(CountResult.class)))
            .via(w -> KV.of(w.key(), w.document().payloadAs(CountResult.class))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(CountResult.class)));
  }

  /** An expected key and payload; filters as name, value pairs. */
  private static KV<String, CountResult> result(String key, String query, String collection,
      long count, Instant windowStart, String... filters) {
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < filters.length; i += 2) {
      map.put(filters[i], filters[i + 1]);
    }
    return KV.of(key, new CountResult(query, collection, map, count, windowStart,
        windowStart == null ? null : DAY_END));
  }
}
