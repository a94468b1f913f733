package com.avalo.precompute.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Realistic documents of every type, as the jobs would build them. */
final class SampleDocuments {
  static final Instant AS_OF = Instant.parse("2026-11-20T13:00:00Z");
  static final Instant COMPUTED_AT = Instant.parse("2026-11-20T13:04:17.123Z");
  static final CacheDocument.Provenance RUN =
      new CacheDocument.Provenance("profiles", "profiles-20261120T130000Z-7f3a", AS_OF, COMPUTED_AT);

  private static final ParticipantCard BOB =
      new ParticipantCard("u_bob", "Bob", 31, "Kraków", 4, false);
  private static final ParticipantCard CLEO =
      new ParticipantCard("u-cleo", "Cléo", 27, "Warszawa", 0, true);

  private SampleDocuments() {}

  /**
   * A document of {@code type}; with {@code withNulls} every field the record allows to be null
   * is null (or, inside lists, one entry has it null), otherwise every field is filled.
   */
  static CacheDocument document(DocumentType type, boolean withNulls) {
    Instant expiresAt = COMPUTED_AT.plus(type.defaultMemoryTtl()).plus(Duration.ofHours(1));
    return CacheDocument.of(key(type), payload(type, withNulls), RUN, expiresAt);
  }

  static CacheKey key(DocumentType type) {
    return switch (type) {
      case PROFILE -> DocumentType.PROFILE.key("u_alice");
      case USER_STATS -> DocumentType.USER_STATS.key("u_alice");
      case USER_TOKENS -> DocumentType.USER_TOKENS.key("u_alice");
      case FEED_PAGE -> DocumentType.FEED_PAGE.key("u_alice", 1);
      case MATCHES -> DocumentType.MATCHES.key("u_alice");
      case CHATS -> DocumentType.CHATS.key("u_alice", 0);
      case COUNT -> DocumentType.COUNT.key("users", CacheKey.formatFilters(Map.of("status", "active", "city", "Kraków")));
      case ANALYTICS -> DocumentType.ANALYTICS.key("api_latency_ms.p95", "2026-11-20T13");
      case POST -> DocumentType.POST.key("p_123");
      case MEDIA -> DocumentType.MEDIA.key("m_456");
    };
  }

  static Object payload(DocumentType type, boolean withNulls) {
    return switch (type) {
      case PROFILE -> new ProfileCard("u_alice", "Alice", 29, "female", "Kraków",
          List.of("hiking", "jazz"), 5, withNulls ? "" : "Coffee first.", true,
          Instant.parse("2025-02-01T09:30:00Z"), Instant.parse("2026-11-19T22:10:05Z"), 3);
      case USER_STATS -> new UserStats("u_alice", 120, 87, 2, 5, 40, 12, 9, 311, 290,
          withNulls ? null : 0.75, 3);
      case USER_TOKENS -> new TokenBalance("u_alice", 500, 100, withNulls ? 450 : 50,
          withNulls ? -50 : 350);
      case FEED_PAGE -> new FeedPage("u_alice", 1, 3, 2, 6, List.of(
          new FeedPage.Candidate("u_bob", "Bob", 31, "Kraków", 4, 4, List.of("jazz"), 0.93),
          new FeedPage.Candidate("u-cleo", "Cléo", 27, "Warszawa", 251, 0, List.of(), 0.5)),
          "v1-0123456789abcdef");
      case MATCHES -> new MatchList("u_alice", 2, List.of(
          new MatchList.Entry("m1", withNulls ? null : "c1", Instant.parse("2026-11-18T20:00:00Z"), BOB),
          new MatchList.Entry("m2", "c2", Instant.parse("2026-10-01T08:00:00Z"), CLEO)));
      case CHATS -> new ChatList("u_alice", 0, 1, 2, List.of(
          new ChatList.Entry("c1", BOB, Instant.parse("2026-11-20T12:59:00Z"),
              new ChatList.LastMessage("u_bob", "Are we still on for Saturday? I was thinking…",
                  Instant.parse("2026-11-20T12:59:00Z"), true), 2),
          new ChatList.Entry("c2", CLEO, Instant.parse("2026-10-01T08:00:00Z"),
              withNulls ? null : new ChatList.LastMessage("u_alice", "Hi!",
                  Instant.parse("2026-10-01T08:00:00Z"), false), 0)), "v1-89abcdef01234567");
      case COUNT -> new CountResult("active_users_krakow", "users",
          new TreeMap<>(Map.of("status", "active", "city", "Kraków")), 1234,
          withNulls ? null : Instant.parse("2026-11-13T13:00:00Z"), withNulls ? null : AS_OF);
      case ANALYTICS -> new AnalyticsBucket("api_latency_ms.p95", "hour", "2026-11-20T13", "UTC",
          AS_OF, AS_OF.plus(Duration.ofHours(1)),
          Json.MAPPER.createObjectNode().put("value", 182.5).put("samples", 48211));
      case POST -> new PostCard("p_123", "u_alice", "Alice", withNulls ? "" : "Tatra sunrise", List.of(
          new PostCard.Media("m_456", "https://cdn.avalo.app/m_456.jpg", 1080, 1350)),
          Instant.parse("2026-11-02T06:41:00Z"));
      case MEDIA -> new MediaCard("m_456", "p_123", "u_alice", "https://cdn.avalo.app/m_456.jpg",
          1080, 1350, Instant.parse("2026-11-02T06:41:00Z"));
    };
  }
}
