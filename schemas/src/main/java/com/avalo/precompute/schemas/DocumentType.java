package com.avalo.precompute.schemas;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of cache document the jobs write and {@code serving} reads.
 *
 * <p>Each type names its payload class, its current schema version (bumped on any incompatible
 * payload change, and mirrored by {@code schemas/json/v{N}/{name}.json}) and the in-memory TTL the
 * data model gives it. The {@link #typeName()} is the value of the envelope's {@code type} field.
 */
public enum DocumentType {
  PROFILE("profile", ProfileCard.class, Duration.ofMinutes(5)),
  USER_STATS("user_stats", UserStats.class, Duration.ofMinutes(5)),
  USER_TOKENS("user_tokens", TokenBalance.class, Duration.ofMinutes(5)),
  FEED_PAGE("feed_page", FeedPage.class, Duration.ofMinutes(1)),
  MATCHES("matches", MatchList.class, Duration.ofMinutes(1)),
  CHATS("chats", ChatList.class, Duration.ofSeconds(30)),
  COUNT("count", CountResult.class, Duration.ofMinutes(5)),
  ANALYTICS("analytics", AnalyticsBucket.class, Duration.ofMinutes(10)),
  POST("post", PostCard.class, Duration.ofHours(1)),
  MEDIA("media", MediaCard.class, Duration.ofHours(1));

  /** Schema version of every payload type at this release of the contract. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  private static final Map<String, DocumentType> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(DocumentType::typeName, Function.identity()));

  private final String typeName;
  private final Class<?> payloadClass;
  private final Duration defaultMemoryTtl;

  DocumentType(String typeName, Class<?> payloadClass, Duration defaultMemoryTtl) {
    this.typeName = typeName;
    this.payloadClass = payloadClass;
    this.defaultMemoryTtl = defaultMemoryTtl;
  }

  /** The name used in the envelope's {@code type} field and in the JSON Schema file name. */
  public String typeName() {
    return typeName;
  }

  /** The Java record the payload binds to. */
  public Class<?> payloadClass() {
    return payloadClass;
  }

  /** How long {@code serving} keeps the document in memory by default (the data model's TTL). */
  public Duration defaultMemoryTtl() {
    return defaultMemoryTtl;
  }

  /** The schema version documents of this type are written with. */
  public int schemaVersion() {
    return CURRENT_SCHEMA_VERSION;
  }

  /**
   * Looks a type up by its {@link #typeName()}.
   *
   * @throws IllegalArgumentException naming the known types when {@code name} is not one of them
   */
  public static DocumentType fromTypeName(String name) {
    DocumentType type = BY_NAME.get(name);
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown document type '" + name + "'; known types: " + BY_NAME.keySet());
    }
    return type;
  }
}
