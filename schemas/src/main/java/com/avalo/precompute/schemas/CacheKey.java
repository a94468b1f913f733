package com.avalo.precompute.schemas;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed, validated cache key. The key grammar is the key forms of the {@link DocumentType}
 * entries ({@code user:{uid}:stats}, {@code chats:{uid}:{page}}, ...) with what each
 * {@link KeyPart} accepts; this class parses keys against them and names what is wrong.
 *
 * <p>Ids are 1-128 characters of {@code [A-Za-z0-9_-]}. Count filters are {@code all} or
 * {@code name=value} pairs sorted by name and joined by commas, values percent-encoded (UTF-8).
 * Periods are {@code 2026-11-20T13} (hour), {@code 2026-11-20} (day), {@code 2026-W47} (ISO week)
 * or {@code 2026-11} (month). Keys never contain {@code /}, so a key is also a valid Firestore
 * document id. Build keys with {@link DocumentType#key(Object...)}.
 *
 * @param value the key as written
 * @param type the document type the key addresses
 * @param subject the value of the key's first placeholder: the user, post or media id; the
 *     collection for counts; the metric for analytics
 * @param detail the value of its second placeholder (the page number, count filters or analytics
 *     period); empty when the key has none
 */
public record CacheKey(String value, DocumentType type, String subject, String detail) {

  public static final int MAX_LENGTH = 512;

  /** Shown with every key error so that the caller can see what a valid key looks like. */
  public static final String GRAMMAR_HELP = "Valid keys: " + String.join(", ",
      Arrays.stream(DocumentType.values()).flatMap(t -> t.keyTemplates().stream())
          .map(KeyTemplate::form).toList());

  /**
   * Parses and validates a key.
   *
   * @throws InvalidKeyException saying what is wrong and what a valid key looks like
   */
  public static CacheKey parse(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidKeyException(String.valueOf(key), "the key is empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw InvalidKeyException.tooLong(key);
    }
    String[] parts = key.split(":", -1);
    List<Form> family = Forms.BY_PREFIX.get(parts[0]);
    if (family == null) {
      throw new InvalidKeyException(key, "unknown key prefix '" + parts[0] + "'");
    }
    for (Form form : family) {
      if (form.template().hasShapeOf(parts)) {
        List<String> values = form.template().values(key, parts);
        return new CacheKey(key, form.type(), values.isEmpty() ? "" : values.get(0),
            values.size() > 1 ? values.get(1) : "");
      }
    }
    throw new InvalidKeyException(key, shapeProblem(parts, family));
  }

  /** Whether {@code key} parses; for callers that branch rather than report. */
  public static boolean isValid(String key) {
    try {
      parse(key);
      return true;
    } catch (InvalidKeyException e) {
      return false;
    }
  }

  /** Canonical text of count filters: {@code all}, or sorted {@code name=value} pairs. */
  public static String formatFilters(Map<String, String> filters) {
    if (filters.isEmpty()) {
      return "all";
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> filter : new TreeMap<>(filters).entrySet()) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(filter.getKey()).append('=').append(encodeValue(filter.getValue()));
    }
    return text.toString();
  }

  /** Percent-encodes a value for use inside a key segment (a city name, an endpoint path). */
  public static String encodeValue(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A");
  }

  /** The decoded filters of a count key; empty for {@code all}. */
  public SortedMap<String, String> filters() {
    if (!type.keyTemplates().get(0).placeholders().contains("filters")) {
      throw new IllegalStateException("only count keys have filters: " + value);
    }
    SortedMap<String, String> filters = new TreeMap<>();
    if (!detail.equals("all")) {
      for (String pair : detail.split(",")) {
        int eq = pair.indexOf('=');
        filters.put(pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return filters;
  }

  /** The page number of a key of a paged type (feed pages, chat lists). */
  public int page() {
    if (!type.isPaged()) {
      throw new IllegalStateException("only keys of paged types have pages: " + value);
    }
    return detail.isEmpty() ? 0 : Integer.parseInt(detail);
  }

  /**
   * Whether other keys extend this one segment by segment, so that it names more than itself as
   * a prefix: {@code user:ab} (its stats and tokens) and {@code chats:ab} (later pages) do,
   * {@code user:ab:stats} does not.
   */
  public boolean isExtendedByOtherKeys() {
    String[] parts = value.split(":", -1);
    return Forms.ALL.stream().anyMatch(form -> form.template().startsWith(parts));
  }

  /** The first segments of every key form ({@code user}, {@code feed}, ...), sorted. */
  public static SortedSet<String> prefixes() {
    return new TreeSet<>(Forms.BY_PREFIX.keySet());
  }

  /**
   * Whether {@code key} falls under {@code prefix}, segment by segment: {@code user:ab} covers
   * {@code user:ab} and {@code user:ab:stats} but not {@code user:abc}.
   */
  public static boolean isUnderPrefix(String key, String prefix) {
    return key.equals(prefix)
        || (key.startsWith(prefix) && (prefix.endsWith(":") || key.charAt(prefix.length()) == ':'));
  }

  @Override
  public String toString() {
    return value;
  }

  /** Why {@code parts} fits none of the forms that share its prefix. */
  private static String shapeProblem(String[] parts, List<Form> family) {
    List<KeyTemplate> sameLength = family.stream().map(Form::template)
        .filter(t -> t.segments().size() == parts.length).toList();
    if (sameLength.isEmpty()) {
      return "expected " + family.stream().map(f -> String.valueOf(f.template().segments().size()))
          .distinct().collect(Collectors.joining(" or ")) + " ':'-separated parts, found "
          + parts.length + " (" + family.stream().map(f -> f.template().form())
          .collect(Collectors.joining(", ")) + ")";
    }
    // Same length, so a literal differs: name what the forms have where the key departs.
    int position = 1;
    while (position < parts.length - 1 && literalsAgree(sameLength, parts, position)) {
      position++;
    }
    int at = position;
    return "a '" + parts[0] + "' key of " + parts.length + " parts has "
        + sameLength.stream().map(t -> "':" + t.segments().get(at).regex() + "'").distinct()
            .collect(Collectors.joining(" or ")) + " there, not ':" + parts[at] + "'";
  }

  private static boolean literalsAgree(List<KeyTemplate> forms, String[] parts, int position) {
    return forms.stream().map(t -> t.segments().get(position))
        .allMatch(segment -> !segment.isLiteral() || segment.literal().equals(parts[position]));
  }

  /** A key form and the type it belongs to. */
  private record Form(DocumentType type, KeyTemplate template) {}

  /** Every type's forms, indexed by prefix; built once the enum is. */
  private static final class Forms {
    static final List<Form> ALL = Arrays.stream(DocumentType.values())
        .flatMap(type -> type.keyTemplates().stream().map(template -> new Form(type, template)))
        .toList();
    static final Map<String, List<Form>> BY_PREFIX = ALL.stream()
        .collect(Collectors.groupingBy(form -> form.template().prefix(), LinkedHashMap::new,
            Collectors.toList()));
  }
}
