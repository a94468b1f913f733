package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.AnalyticsBucket;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.schemas.MediaCard;
import com.avalo.precompute.schemas.PostCard;
import com.avalo.precompute.schemas.ProfileCard;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.schemas.UserStats;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/** Small documents of every type for tests; {@code run} tells two versions of one key apart. */
final class Docs {
  static final Instant T0 = FakeTime.START;

  private Docs() {}

  /** A key of {@code type} about {@code id}. */
  static CacheKey key(DocumentType type, String id) {
    return switch (type) {
      case PROFILE -> DocumentType.PROFILE.key(id);
      case USER_STATS -> DocumentType.USER_STATS.key(id);
      case USER_TOKENS -> DocumentType.USER_TOKENS.key(id);
      case FEED_PAGE -> DocumentType.FEED_PAGE.key(id, 0);
      case MATCHES -> DocumentType.MATCHES.key(id);
      case CHATS -> DocumentType.CHATS.key(id, 0);
      case COUNT -> DocumentType.COUNT.key("users", CacheKey.formatFilters(java.util.Map.of("city", id)));
      case ANALYTICS -> DocumentType.ANALYTICS.key("dau." + id, "2026-11-20");
      case POST -> DocumentType.POST.key(id);
      case MEDIA -> DocumentType.MEDIA.key(id);
    };
  }

  static CacheDocument doc(String key, Instant expiresAt) {
    return doc(key, expiresAt, "run-1");
  }

  static CacheDocument doc(String key, Instant expiresAt, String run) {
    CacheKey parsed = CacheKey.parse(key);
    return CacheDocument.of(parsed, payload(parsed),
        new CacheDocument.Provenance("test", run, T0, T0), expiresAt);
  }

  /** A payload of the key's type. */
  static Object payload(CacheKey key) {
    String id = key.subject();
    return switch (key.type()) {
      case PROFILE -> new ProfileCard(id, "Ana", 31, "female", "Lisbon", List.of("surf"), 3, "hi",
          true, T0, T0, 2);
      case USER_STATS -> new UserStats(id, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5, 10);
      case USER_TOKENS -> new TokenBalance(id, 100, 0, 20, 80);
      case FEED_PAGE -> new FeedPage(id, key.page(), 1, 20, 1, List.of(new FeedPage.Candidate(
          "c1", "Bea", 29, "Porto", 12, 4, List.of("surf"), 0.9)), "v1-" + id);
      case MATCHES -> new MatchList(id, 0, List.of());
      case CHATS -> new ChatList(id, key.page(), 1, 0, List.of(), "v1-" + id);
      case COUNT -> new CountResult("users_by_city", "users", new TreeMap<>(key.filters()), 42, null, null);
      case ANALYTICS -> new AnalyticsBucket(key.subject(), "day", key.detail(), "UTC", T0,
          T0.plusSeconds(86_400), Json.read("{\"value\":7}"));
      case POST -> new PostCard(id, "a1", "Ana", "hello", List.of(), T0);
      case MEDIA -> new MediaCard(id, "p1", "a1", "https://example.test/m.jpg", 640, 480, T0);
    };
  }
}
