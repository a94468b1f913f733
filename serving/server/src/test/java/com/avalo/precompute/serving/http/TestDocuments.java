package com.avalo.precompute.serving.http;

import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.ProfileCard;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small literal documents of every type, all computed as of {@link #NOW} minus an hour. */
final class TestDocuments {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Instant AS_OF = NOW.minus(Duration.ofHours(1));
  static final CacheDocument.Provenance RUN =
      new CacheDocument.Provenance("test", "run-1", AS_OF, AS_OF.plusSeconds(60));

  private TestDocuments() {}

  /** A document of {@code key} that expires {@code ttl} after {@link #NOW}. */
  static CacheDocument document(String key, Object payload, Duration ttl) {
    return CacheDocument.of(CacheKey.parse(key), payload, RUN, NOW.plus(ttl));
  }

  static ProfileCard profile(String uid) {
    return new ProfileCard(uid, "User " + uid, 30, "female", "Lisbon", List.of("hiking"), 3,
        "hello", true, AS_OF.minus(Duration.ofDays(90)), AS_OF, 2);
  }

  static ParticipantCard participant(String uid) {
    return new ParticipantCard(uid, "User " + uid, 31, "Porto", 2, false);
  }

  /** Every type, for users alice and bob, with freshness edge cases on carol and dave. */
  static List<CacheDocument> all() {
    Duration fiveMinutes = Duration.ofMinutes(5);
    List<CacheDocument> docs = new ArrayList<>();
    for (String uid : List.of("alice", "bob")) {
      docs.add(document("user:" + uid, profile(uid), fiveMinutes));
      docs.add(document("user:" + uid + ":stats",
          new UserStats(uid, 10, 12, 1, 2, 3, 4, 5, 40, 38, 0.75, 2), fiveMinutes));
      docs.add(document("user:" + uid + ":tokens", new TokenBalance(uid, 100, 10, 30, 60),
          fiveMinutes));
      docs.add(document("feed:" + uid + ":0", new FeedPage(uid, 0, 1, 20, 1, List.of(
          new FeedPage.Candidate("carol", "Carol", 29, "Lisbon", 3, 4, List.of("hiking"), 0.9)),
          "v1-feed"), Duration.ofMinutes(1)));
      docs.add(document("chats:" + uid, new ChatList(uid, 0, 2, 1, List.of(new ChatList.Entry(
          "chat-1", participant("carol"), AS_OF, new ChatList.LastMessage("carol", "hi", AS_OF,
          false), 1)), "v1-chats"), Duration.ofSeconds(30)));
    }
    docs.add(document("chats:alice:1", new ChatList("alice", 1, 2, 1, List.of(), "v1-chats"),
        Duration.ofSeconds(30)));
    docs.add(document("matches:alice", new MatchList("alice", 1, List.of(new MatchList.Entry(
        "match-1", "chat-1", AS_OF, participant("carol")))), Duration.ofMinutes(1)));
    docs.add(document("count:users:all", new CountResult("count:users:all", "users",
        new TreeMap<>(), 42, null, null), fiveMinutes));
    String lisbon = DocumentType.COUNT.key("users", CacheKey.formatFilters(Map.of("city", "São Paulo"))).value();
    docs.add(document(lisbon, new CountResult(lisbon, "users",
        new TreeMap<>(Map.of("city", "São Paulo")), 7, null, null), fiveMinutes));
    // A '+' in a filter value is %2B in the key (CacheKey.encodeValue); a literal '+' in a key
    // stands for a space ("UTC 5"), another filter value.
    for (String tz : List.of("UTC+5", "UTC 5")) {
      String key = DocumentType.COUNT.key("users", CacheKey.formatFilters(Map.of("tz", tz))).value();
      docs.add(document(key, new CountResult(key, "users", new TreeMap<>(Map.of("tz", tz)),
          tz.equals("UTC+5") ? 5 : 0, null, null), fiveMinutes));
    }
    docs.add(document("analytics:api.%2Fv1%2Fa%2Bb:2026-11-20", new AnalyticsBucket(
        "api.%2Fv1%2Fa%2Bb", "day", "2026-11-20", "UTC", Instant.parse("2026-11-20T00:00:00Z"),
        Instant.parse("2026-11-21T00:00:00Z"), Json.read("{\"requests\": 7}")),
        Duration.ofMinutes(10)));
    docs.add(document("analytics:dau:2026-11-20", new AnalyticsBucket("dau", "day",
        "2026-11-20", "UTC", Instant.parse("2026-11-20T00:00:00Z"),
        Instant.parse("2026-11-21T00:00:00Z"), Json.read("{\"users\": 1234}")),
        Duration.ofMinutes(10)));
    docs.add(document("post:p1", new PostCard("p1", "alice", "User alice", "sunset",
        List.of(new PostCard.Media("m1", "https://cdn.example/m1.jpg", 800, 600)), AS_OF),
        Duration.ofHours(1)));
    docs.add(document("media:m1", new MediaCard("m1", "p1", "alice",
        "https://cdn.example/m1.jpg", 800, 600, AS_OF), Duration.ofHours(1)));
    docs.add(document("user:carol", profile("carol"), Duration.ofSeconds(-10)));
    docs.add(document("user:dave", profile("dave"), Duration.ofMillis(2500)));
    return docs;
  }
}
