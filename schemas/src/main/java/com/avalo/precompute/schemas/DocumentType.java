package com.avalo.precompute.schemas;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of cache document the jobs write and {@code serving} reads, and the one place that
 * says everything about each: its key forms, payload record, JSON Schema file, how long it stays in
 * memory, how long a run's documents stay fresh by default, who may read it over HTTP, and its
 * typed HTTP route. Key parsing ({@link CacheKey}), the JSON Schemas' key patterns and index, the
 * HTTP routes and access rules, and invalidation prefixes are derived from these entries.
 *
 * <p>The {@link #typeName()} is the value of the envelope's {@code type} field and the name of the
 * schema file, {@code schemas/json/v{N}/{typeName}.json}.
 */
public enum DocumentType {
  PROFILE(entry("profile", ProfileCard.class).keys("user:{uid}")
      .memoryTtl(ofMinutes(5)).freshFor(ofHours(24))
      .readers(Readers.ANY_USER_WHEN_CARDS_ARE_PUBLIC).route("/v1/users/{uid}")),
  USER_STATS(entry("user_stats", UserStats.class).keys("user:{uid}:stats")
      .memoryTtl(ofMinutes(5)).freshFor(ofHours(6))
      .readers(Readers.OWNER).route("/v1/users/{uid}/stats")),
  USER_TOKENS(entry("user_tokens", TokenBalance.class).keys("user:{uid}:tokens")
      .memoryTtl(ofMinutes(5)).freshFor(ofHours(1))
      .readers(Readers.OWNER).route("/v1/users/{uid}/tokens")),
  FEED_PAGE(entry("feed_page", FeedPage.class).keys("feed:{uid}:{page}")
      .memoryTtl(ofMinutes(1)).freshFor(ofHours(6))
      .readers(Readers.OWNER).route("/v1/feeds/{uid}/{page}")),
  MATCHES(entry("matches", MatchList.class).keys("matches:{uid}")
      .memoryTtl(ofMinutes(1)).freshFor(ofHours(6))
      .readers(Readers.SERVICES).route("/v1/matches/{uid}")),
  /** Page 0 is {@code chats:{uid}}; the route takes later pages as {@code ?page=N}. */
  CHATS(entry("chats", ChatList.class).keys("chats:{uid}", "chats:{uid}:{page}")
      .memoryTtl(ofSeconds(30)).freshFor(ofHours(1))
      .readers(Readers.OWNER).route("/v1/chats/{uid}")),
  COUNT(entry("count", CountResult.class).keys("count:{collection}:{filters}")
      .memoryTtl(ofMinutes(5)).freshFor(ofHours(1))
      .readers(Readers.SERVICES).route("/v1/counts/{collection}/{filters}")),
  ANALYTICS(entry("analytics", AnalyticsBucket.class).keys("analytics:{metric}:{period}")
      .memoryTtl(ofMinutes(10)).freshFor(ofHours(24))
      .readers(Readers.SERVICES).route("/v1/analytics/{metric}/{period}")),
  POST(entry("post", PostCard.class).keys("post:{postId}")
      .memoryTtl(ofHours(1)).freshFor(ofHours(24))
      .readers(Readers.ANY_USER_WHEN_CARDS_ARE_PUBLIC).route("/v1/posts/{postId}")),
  MEDIA(entry("media", MediaCard.class).keys("media:{mediaId}")
      .memoryTtl(ofHours(1)).freshFor(ofHours(24))
      .readers(Readers.ANY_USER_WHEN_CARDS_ARE_PUBLIC).route("/v1/media/{mediaId}"));

  /** Schema version of every payload type at this release of the contract. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  private static final Map<String, DocumentType> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(DocumentType::typeName, Function.identity()));

  private final String typeName;
  private final Class<?> payloadClass;
  private final List<KeyTemplate> keyTemplates;
  private final Duration defaultMemoryTtl;
  private final Duration defaultFreshness;
  private final Readers readers;
  private final String route;

  DocumentType(Entry entry) {
    this.typeName = entry.typeName;
    this.payloadClass = entry.payloadClass;
    this.keyTemplates = entry.templates();
    this.defaultMemoryTtl = entry.memoryTtl;
    this.defaultFreshness = entry.freshFor;
    this.readers = entry.readers;
    this.route = entry.route;
  }

  /** The name used in the envelope's {@code type} field and in the JSON Schema file name. */
  public String typeName() {
    return typeName;
  }

  /** The Java record the payload binds to. */
  public Class<?> payloadClass() {
    return payloadClass;
  }

  /** The payload's JSON Schema file in {@code schemas/json/v{N}/}. */
  public String schemaFile() {
    return typeName + ".json";
  }

  /** The forms of this type's keys, shortest first ({@code chats:{uid}}, {@code chats:{uid}:{page}}). */
  public List<KeyTemplate> keyTemplates() {
    return keyTemplates;
  }

  /** How long {@code serving} keeps the document in memory by default (the data model's TTL). */
  public Duration defaultMemoryTtl() {
    return defaultMemoryTtl;
  }

  /**
   * How long a one-off run's documents of this type stay fresh: about twice the period the type
   * is usually recomputed at. Scheduled runs derive expiry from their schedule instead.
   */
  public Duration defaultFreshness() {
    return defaultFreshness;
  }

  /** Who may read documents of this type over HTTP besides services. */
  public Readers readers() {
    return readers;
  }

  /**
   * The typed HTTP route, e.g. {@code /v1/users/{uid}/stats}: its placeholders fill the key's;
   * placeholders of the key the path lacks (a chats page) come from query parameters.
   */
  public Optional<String> route() {
    return Optional.ofNullable(route);
  }

  /** Whether keys of this type have a {@code {page}}. */
  public boolean isPaged() {
    return keyTemplates.stream().anyMatch(t -> t.placeholders().contains("page"));
  }

  /** The schema version documents of this type are written with. */
  public int schemaVersion() {
    return CURRENT_SCHEMA_VERSION;
  }

  /**
   * The key of this type with the given placeholder values, in the order of its longest form
   * ({@code FEED_PAGE.key(uid, 3)}); for a type whose page 0 has a shorter form, page 0 is that
   * form ({@code CHATS.key(uid, 0)} is {@code chats:{uid}}). Values are checked as a key is parsed.
   *
   * @throws InvalidKeyException when a value does not fit its placeholder
   * @throws IllegalArgumentException when the number of values fits no form of this type
   */
  public CacheKey key(Object... values) {
    List<String> texts = Arrays.stream(values).map(String::valueOf).toList();
    for (KeyTemplate template : keyTemplates) {
      if (template.placeholders().size() == texts.size()) {
        return parseAs(pageZeroShortened(template, texts));
      }
    }
    throw new IllegalArgumentException(typeName + " keys take " + keyTemplates.stream()
        .map(t -> t.placeholders().toString()).collect(Collectors.joining(" or ")) + ", not "
        + texts.size() + " values");
  }

  /**
   * The key of this type from named values, as an HTTP route has them: the longest form whose
   * placeholders all have values, page 0 spelled as for {@link #key(Object...)}.
   *
   * @throws InvalidKeyException when a value does not fit its placeholder
   * @throws IllegalArgumentException naming the placeholders when none of the forms is complete
   */
  public CacheKey key(Map<String, String> values) {
    List<KeyTemplate> longestFirst = new ArrayList<>(keyTemplates);
    longestFirst.sort(Comparator.comparingInt((KeyTemplate t) -> t.placeholders().size()).reversed());
    for (KeyTemplate template : longestFirst) {
      if (values.keySet().containsAll(template.placeholders())) {
        return parseAs(pageZeroShortened(template,
            template.placeholders().stream().map(values::get).toList()));
      }
    }
    throw new IllegalArgumentException(typeName + " keys need " + keyTemplates.get(0).placeholders());
  }

  private String pageZeroShortened(KeyTemplate template, List<String> values) {
    if (!values.isEmpty() && values.get(values.size() - 1).equals("0")) {
      for (KeyTemplate shorter : keyTemplates) {
        if (shorter.isExtendedBy(template)
            && shorter.segments().size() == template.segments().size() - 1) {
          return shorter.fill(values.subList(0, values.size() - 1));
        }
      }
    }
    return template.fill(values);
  }

  private CacheKey parseAs(String text) {
    CacheKey key = CacheKey.parse(text);
    if (key.type() != this) {
      throw new InvalidKeyException(text, "addresses a " + key.type().typeName() + ", not a " + typeName);
    }
    return key;
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

  private static Entry entry(String typeName, Class<?> payloadClass) {
    return new Entry(typeName, payloadClass);
  }

  /** The facts of one type, named as they are given; every one is required. */
  private static final class Entry {
    private final String typeName;
    private final Class<?> payloadClass;
    private List<String> forms;
    private Duration memoryTtl;
    private Duration freshFor;
    private Readers readers;
    private String route;

    Entry(String typeName, Class<?> payloadClass) {
      this.typeName = typeName;
      this.payloadClass = payloadClass;
    }

    Entry keys(String... forms) {
      this.forms = List.of(forms);
      return this;
    }

    Entry memoryTtl(Duration ttl) {
      this.memoryTtl = ttl;
      return this;
    }

    Entry freshFor(Duration freshness) {
      this.freshFor = freshness;
      return this;
    }

    Entry readers(Readers who) {
      this.readers = who;
      return this;
    }

    Entry route(String path) {
      this.route = path;
      return this;
    }

    /** The key forms; a page form extending a shorter form starts its pages at 1. */
    List<KeyTemplate> templates() {
      if (forms == null || memoryTtl == null || freshFor == null || readers == null) {
        throw new IllegalStateException("document type " + typeName
            + " needs keys, memoryTtl, freshFor and readers");
      }
      List<KeyTemplate> templates = new ArrayList<>(forms.stream().map(KeyTemplate::of).toList());
      for (int i = 0; i < templates.size(); i++) {
        KeyTemplate template = templates.get(i);
        boolean pageAfterShorterForm = templates.stream().anyMatch(shorter -> shorter.isExtendedBy(template)
            && shorter.segments().size() == template.segments().size() - 1);
        if (pageAfterShorterForm) {
          templates.set(i, template.withLaterPagesOnly());
        }
      }
      return List.copyOf(templates);
    }
  }
}
