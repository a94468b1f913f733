package com.avalo.precompute.schemas;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What may stand in one {@code {placeholder}} of a key template ({@link KeyTemplate}). Each part
 * has one regular expression, written so that Java and ECMA-262 read it alike: the parser uses it,
 * and the JSON Schemas for non-Java readers are generated from it.
 */
public enum KeyPart {
  /** A user, post or media id: {@code {uid}}, {@code {postId}}, {@code {mediaId}}. */
  ID("[A-Za-z0-9_-]{1,128}", "id '%s' must be 1-128 characters of A-Z a-z 0-9 _ -"),
  /** A page number from 0: {@code {page}}. */
  PAGE("0|[1-9][0-9]{0,5}", "page '%s' must be a page number from 0 to 999999, without leading zeros"),
  /** A source collection a count may address: {@code {collection}}. */
  COLLECTION(null, "unknown collection '%s'"),
  /** Count filters: {@code all} or sorted {@code name=value} pairs: {@code {filters}}. */
  FILTERS("all|" + Filters.PAIR + "(," + Filters.PAIR + ")*",
      "filters '%s' must be 'all' or name=value pairs with percent-encoded values"),
  /** An analytics metric with optional qualifiers: {@code {metric}}. */
  METRIC("[a-z0-9_]+(\\.([A-Za-z0-9_~-]|" + Filters.ESCAPE + ")+)*",
      "metric '%s' must be lower-case letters, digits and '_', with optional '.'-separated qualifiers"),
  /** An hour, day, ISO week or month: {@code {period}}. */
  PERIOD("[0-9]{4}-((0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]))?)?"
      + "|W(0[1-9]|[1-4][0-9]|5[0-3]))",
      "period '%s' must be an hour (2026-11-20T13), day (2026-11-20), ISO week (2026-W47) or month (2026-11)");

  /** Collections a count query may address: the app's source collections. */
  public static final Set<String> COUNTABLE_COLLECTIONS = Countable.COLLECTIONS;

  /** The placeholder names of key templates and the part each stands for. */
  private static final Map<String, KeyPart> BY_PLACEHOLDER = Map.of(
      "uid", ID, "postId", ID, "mediaId", ID, "page", PAGE, "collection", COLLECTION,
      "filters", FILTERS, "metric", METRIC, "period", PERIOD);

  private final String regex;
  private final Pattern pattern;
  private final String problem;

  KeyPart(String regex, String problem) {
    // Constants are built before the enum's static fields: the collections live in a holder.
    this.regex = regex != null ? regex : String.join("|", new TreeSet<>(Countable.COLLECTIONS));
    this.pattern = Pattern.compile(this.regex);
    this.problem = problem;
  }

  /**
   * The part a placeholder name stands for.
   *
   * @throws IllegalArgumentException naming the known placeholders
   */
  public static KeyPart forPlaceholder(String name) {
    KeyPart part = BY_PLACEHOLDER.get(name);
    if (part == null) {
      throw new IllegalArgumentException("unknown key placeholder {" + name + "}; known: "
          + new TreeSet<>(BY_PLACEHOLDER.keySet()));
    }
    return part;
  }

  /** The part's regular expression, unanchored, valid in Java and ECMA-262. */
  public String regex() {
    return regex;
  }

  /**
   * Whether {@code value} matches the part's pattern. For ids that is all there is to check: a
   * writer refuses a bad id before it builds a key.
   */
  public boolean accepts(String value) {
    return pattern.matcher(value).matches();
  }

  /** What is wrong with {@code value}, which the part does not accept, in the part's own words. */
  public String problemWith(String value) {
    return String.format(Locale.ROOT, problem, value);
  }

  /**
   * Checks one segment of {@code key}.
   *
   * @param offset where {@code value} starts in {@code key}
   * @throws InvalidKeyException saying what the segment must look like
   */
  void check(String key, String value, int offset) {
    if (!pattern.matcher(value).matches()) {
      String reason = problemWith(value);
      int malformed = PercentEscapes.firstMalformed(value);
      if ((this == FILTERS || this == METRIC) && malformed >= 0) {
        // The likeliest slip in an encoded value, named where it is in the key.
        reason = "'" + PercentEscapes.at(value, malformed) + "' at character " + (offset + malformed)
            + " is no percent-escape (% and two hex digits); a value's '%' is written %25";
      }
      if (this == COLLECTION) {
        reason += "; countable collections: " + new TreeSet<>(COUNTABLE_COLLECTIONS);
      }
      throw new InvalidKeyException(key, reason);
    }
    if (this == FILTERS) {
      Filters.checkSorted(key, value);
    }
    if (this == PERIOD) {
      Periods.checkCalendar(key, value);
    }
  }

  /**
   * Periods beyond what a regular expression can say: days that exist (no 2026-02-30) and week 53
   * only in years that have it. A period that cannot exist can never have a document, so it is an
   * invalid key (a 400, exit 2) rather than a missing one.
   */
  static final class Periods {
    private Periods() {}

    static void checkCalendar(String key, String period) {
      int year = Integer.parseInt(period.substring(0, 4));
      if (period.charAt(5) == 'W') {
        int week = Integer.parseInt(period.substring(6));
        int weeksInYear = LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        if (week > weeksInYear) {
          throw new InvalidKeyException(key, "period '" + period + "': ISO year " + year
              + " has " + weeksInYear + " weeks");
        }
      } else if (period.length() >= 10) {
        int month = Integer.parseInt(period.substring(5, 7));
        int day = Integer.parseInt(period.substring(8, 10));
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
          throw new InvalidKeyException(key, "period '" + period + "': " + YearMonth.of(year, month)
              + " has " + YearMonth.of(year, month).lengthOfMonth() + " days");
        }
      }
    }
  }

  private static final class Countable {
    static final Set<String> COLLECTIONS = Set.of("users", "likes", "blocks", "matches", "chats",
        "messages", "posts", "purchases", "spends", "events");
  }

  /** Count filters beyond what a regular expression can say: names sorted and unique. */
  static final class Filters {
    /** A percent-escape: '%' and two hex digits, never a bare '%'. */
    static final String ESCAPE = "%[0-9A-Fa-f]{2}";
    static final String PAIR = "[A-Za-z][A-Za-z0-9_]*=([A-Za-z0-9._~+-]|" + ESCAPE + ")+";

    private Filters() {}

    static void checkSorted(String key, String filters) {
      if (filters.equals("all")) {
        return;
      }
      String previousName = "";
      for (String pair : filters.split(",")) {
        String name = pair.substring(0, pair.indexOf('='));
        if (name.compareTo(previousName) <= 0) {
          throw new InvalidKeyException(key, "filter names must be sorted and unique");
        }
        previousName = name;
      }
    }
  }
}
