package com.avalo.precompute.schemas;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A parsed, validated cache key. This class is the one place the key grammar lives:
 *
 * <pre>
 *   user:{uid}                 profile card            feed:{uid}:{page}      feed page (page from 0)
 *   user:{uid}:stats           user stats              matches:{uid}          match list
 *   user:{uid}:tokens          token balance           chats:{uid}[:{page}]   chat list (page from 1; none = 0)
 *   post:{postId}              post card               media:{mediaId}        media card
 *   count:{collection}:{filters}                       analytics:{metric}:{period}
 * </pre>
 *
 * Ids are 1-128 characters of {@code [A-Za-z0-9_-]}. Count filters are {@code all} or
 * {@code name=value} pairs sorted by name and joined by commas, values percent-encoded (UTF-8).
 * Periods are {@code 2026-11-20T13} (hour), {@code 2026-11-20} (day), {@code 2026-W47} (ISO week)
 * or {@code 2026-11} (month). Keys never contain {@code /}, so a key is also a valid Firestore
 * document id.
 *
 * @param value the key as written
 * @param type the document type the key addresses
 * @param subject the user, post or media id; the collection for counts; the metric for analytics
 * @param detail the page number, count filters or analytics period; empty when the key has none
 */
public record CacheKey(String value, DocumentType type, String subject, String detail) {

  /** Shown with every key error so that the caller can see what a valid key looks like. */
  public static final String GRAMMAR_HELP =
      "Valid keys: user:{uid}, user:{uid}:stats, user:{uid}:tokens, feed:{uid}:{page}, matches:{uid},"
          + " chats:{uid}, chats:{uid}:{page}, count:{collection}:{filters}, analytics:{metric}:{period},"
          + " post:{postId}, media:{mediaId}";

  public static final int MAX_LENGTH = 512;

  /** Collections a count query may address: the app's source collections. */
  public static final Set<String> COUNTABLE_COLLECTIONS =
      Set.of("users", "likes", "blocks", "matches", "chats", "messages", "posts", "purchases",
          "spends", "events");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern PAGE = Pattern.compile("0|[1-9][0-9]{0,5}");
  private static final Pattern METRIC = Pattern.compile("[a-z0-9_]+(\\.[A-Za-z0-9_~%-]+)*");
  private static final Pattern FILTER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern FILTER_VALUE = Pattern.compile("[A-Za-z0-9._~%+-]+");
  private static final Pattern PERIOD =
      Pattern.compile("\\d{4}-(\\d{2}(-\\d{2}(T\\d{2})?)?|W\\d{2})");

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
      throw new InvalidKeyException(
          key.substring(0, 40) + "...", "longer than " + MAX_LENGTH + " characters");
    }
    String[] parts = key.split(":", -1);
    String prefix = parts[0];
    return switch (prefix) {
      case "user" -> parseUser(key, parts);
      case "feed" -> {
        expectParts(key, parts, 3);
        yield new CacheKey(key, DocumentType.FEED_PAGE, id(key, parts[1]), page(key, parts[2]));
      }
      case "matches" -> {
        expectParts(key, parts, 2);
        yield new CacheKey(key, DocumentType.MATCHES, id(key, parts[1]), "");
      }
      case "chats" -> parseChats(key, parts);
      case "post" -> {
        expectParts(key, parts, 2);
        yield new CacheKey(key, DocumentType.POST, id(key, parts[1]), "");
      }
      case "media" -> {
        expectParts(key, parts, 2);
        yield new CacheKey(key, DocumentType.MEDIA, id(key, parts[1]), "");
      }
      case "count" -> parseCount(key, parts);
      case "analytics" -> parseAnalytics(key, parts);
      default -> throw new InvalidKeyException(key, "unknown key prefix '" + prefix + "'");
    };
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

  public static CacheKey profile(String uid) {
    return parse("user:" + uid);
  }

  public static CacheKey userStats(String uid) {
    return parse("user:" + uid + ":stats");
  }

  public static CacheKey userTokens(String uid) {
    return parse("user:" + uid + ":tokens");
  }

  public static CacheKey feedPage(String uid, int page) {
    return parse("feed:" + uid + ":" + page);
  }

  public static CacheKey matches(String uid) {
    return parse("matches:" + uid);
  }

  /** The chat list of a user: page 0 is {@code chats:{uid}}, later pages {@code chats:{uid}:{page}}. */
  public static CacheKey chats(String uid, int page) {
    return parse(page == 0 ? "chats:" + uid : "chats:" + uid + ":" + page);
  }

  public static CacheKey post(String postId) {
    return parse("post:" + postId);
  }

  public static CacheKey media(String mediaId) {
    return parse("media:" + mediaId);
  }

  /** A count key from its collection and filters; values are percent-encoded, names sorted. */
  public static CacheKey count(String collection, Map<String, String> filters) {
    return parse("count:" + collection + ":" + formatFilters(filters));
  }

  public static CacheKey analytics(String metric, String period) {
    return parse("analytics:" + metric + ":" + period);
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
    if (type != DocumentType.COUNT) {
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

  /** The page number of a feed or chats key. */
  public int page() {
    if (type != DocumentType.FEED_PAGE && type != DocumentType.CHATS) {
      throw new IllegalStateException("only feed and chats keys have pages: " + value);
    }
    return detail.isEmpty() ? 0 : Integer.parseInt(detail);
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

  private static CacheKey parseUser(String key, String[] parts) {
    if (parts.length == 2) {
      return new CacheKey(key, DocumentType.PROFILE, id(key, parts[1]), "");
    }
    expectParts(key, parts, 3);
    DocumentType type = switch (parts[2]) {
      case "stats" -> DocumentType.USER_STATS;
      case "tokens" -> DocumentType.USER_TOKENS;
      default -> throw new InvalidKeyException(
          key, "a user key ends in ':stats' or ':tokens', not ':" + parts[2] + "'");
    };
    return new CacheKey(key, type, id(key, parts[1]), "");
  }

  private static CacheKey parseChats(String key, String[] parts) {
    if (parts.length == 2) {
      return new CacheKey(key, DocumentType.CHATS, id(key, parts[1]), "");
    }
    expectParts(key, parts, 3);
    String page = page(key, parts[2]);
    if (page.equals("0")) {
      throw new InvalidKeyException(key, "the first chats page is 'chats:{uid}', without ':0'");
    }
    return new CacheKey(key, DocumentType.CHATS, id(key, parts[1]), page);
  }

  private static CacheKey parseCount(String key, String[] parts) {
    expectParts(key, parts, 3);
    String collection = parts[1];
    if (!COUNTABLE_COLLECTIONS.contains(collection)) {
      throw new InvalidKeyException(key, "unknown collection '" + collection
          + "'; countable collections: " + new TreeSet<>(COUNTABLE_COLLECTIONS));
    }
    String filters = parts[2];
    if (!filters.equals("all")) {
      String previousName = "";
      for (String pair : filters.split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new InvalidKeyException(key, "filter '" + pair + "' is not name=value");
        }
        String name = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (!FILTER_NAME.matcher(name).matches() || !FILTER_VALUE.matcher(value).matches()) {
          throw new InvalidKeyException(
              key, "filter '" + pair + "' must be a name and a percent-encoded value");
        }
        if (name.compareTo(previousName) <= 0) {
          throw new InvalidKeyException(key, "filter names must be sorted and unique");
        }
        previousName = name;
      }
    }
    return new CacheKey(key, DocumentType.COUNT, collection, filters);
  }

  private static CacheKey parseAnalytics(String key, String[] parts) {
    expectParts(key, parts, 3);
    if (!METRIC.matcher(parts[1]).matches()) {
      throw new InvalidKeyException(key, "metric '" + parts[1]
          + "' must be lower-case letters, digits and '_', with optional '.'-separated qualifiers");
    }
    if (!PERIOD.matcher(parts[2]).matches()) {
      throw new InvalidKeyException(key, "period '" + parts[2]
          + "' must be an hour (2026-11-20T13), day (2026-11-20), ISO week (2026-W47) or month (2026-11)");
    }
    return new CacheKey(key, DocumentType.ANALYTICS, parts[1], parts[2]);
  }

  private static void expectParts(String key, String[] parts, int expected) {
    if (parts.length != expected) {
      throw new InvalidKeyException(key, "expected " + expected + " ':'-separated parts, found "
          + parts.length);
    }
  }

  private static String id(String key, String id) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidKeyException(key, "id '" + id + "' must be 1-128 characters of A-Z a-z 0-9 _ -");
    }
    return id;
  }

  private static String page(String key, String page) {
    if (!PAGE.matcher(page).matches()) {
      throw new InvalidKeyException(key, "page '" + page + "' must be a non-negative integer");
    }
    return page;
  }
}
