package com.avalo.precompute.schemas;

import java.util.ArrayList;
import java.util.List;

/**
 * One form of a document type's key, such as {@code user:{uid}:stats}: {@code :}-separated
 * segments, each a literal or a {@code {placeholder}} standing for a {@link KeyPart}. A type's
 * entry in {@link DocumentType} lists its forms; parsing, key building, the JSON Schemas' key
 * patterns and HTTP routes are all derived from them.
 *
 * @param form the template as written
 * @param segments its segments, in order
 */
public record KeyTemplate(String form, List<Segment> segments) {

  /**
   * One segment: a literal, or a placeholder and its part.
   *
   * @param literal the literal text, or null for a placeholder
   * @param placeholder the placeholder name, or null for a literal
   * @param part what the placeholder accepts, or null for a literal
   * @param laterPageOnly whether a page placeholder refuses page 0 (its type spells page 0 with a
   *     shorter form)
   */
  public record Segment(String literal, String placeholder, KeyPart part, boolean laterPageOnly) {
    public boolean isLiteral() {
      return literal != null;
    }

    String regex() {
      if (isLiteral()) {
        return literal;
      }
      String regex = laterPageOnly ? LATER_PAGE : part.regex();
      return regex.contains("|") ? "(" + regex + ")" : regex;
    }
  }

  private static final String LATER_PAGE = "[1-9][0-9]{0,5}";

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException when it does not start with a literal or names an unknown
   *     placeholder
   */
  public static KeyTemplate of(String form) {
    List<Segment> segments = new ArrayList<>();
    for (String text : form.split(":", -1)) {
      if (text.startsWith("{") && text.endsWith("}")) {
        String name = text.substring(1, text.length() - 1);
        segments.add(new Segment(null, name, KeyPart.forPlaceholder(name), false));
      } else {
        segments.add(new Segment(text, null, null, false));
      }
    }
    if (segments.isEmpty() || !segments.get(0).isLiteral() || segments.get(0).literal().isEmpty()) {
      throw new IllegalArgumentException("a key template starts with a literal prefix: " + form);
    }
    return new KeyTemplate(form, List.copyOf(segments));
  }

  /** The first segment, which says what family of keys this is ({@code user}, {@code feed}). */
  public String prefix() {
    return segments.get(0).literal();
  }

  /** The placeholder names, in order. */
  public List<String> placeholders() {
    return segments.stream().filter(s -> !s.isLiteral()).map(Segment::placeholder).toList();
  }

  /** This form's key pattern, anchored, valid in Java and ECMA-262. */
  public String pattern() {
    return "^" + unanchoredPattern() + "$";
  }

  String unanchoredPattern() {
    return String.join(":", segments.stream().map(Segment::regex).toList());
  }

  /** Whether {@code longer} is this form with more segments after it ({@code user:{uid}} of {@code user:{uid}:stats}). */
  boolean isExtendedBy(KeyTemplate longer) {
    return longer.segments.size() > segments.size()
        && longer.segments.subList(0, segments.size()).equals(segments);
  }

  /** The same form with its last placeholder, a page, refusing page 0. */
  KeyTemplate withLaterPagesOnly() {
    List<Segment> copy = new ArrayList<>(segments);
    Segment last = copy.get(copy.size() - 1);
    if (last.part() != KeyPart.PAGE) {
      throw new IllegalArgumentException(form + " has no page to start from 1");
    }
    copy.set(copy.size() - 1, new Segment(null, last.placeholder(), last.part(), true));
    return new KeyTemplate(form, List.copyOf(copy));
  }

  /** Whether {@code parts}, a key split at {@code :}, has this form's length and literals. */
  boolean hasShapeOf(String[] parts) {
    return parts.length == segments.size() && literalsMatch(parts, parts.length);
  }

  /** Whether the first {@code parts.length} segments of this (longer) form accept {@code parts}. */
  boolean startsWith(String[] parts) {
    if (segments.size() <= parts.length || !literalsMatch(parts, parts.length)) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      Segment segment = segments.get(i);
      if (!segment.isLiteral() && !parts[i].matches(segment.regex())) {
        return false;
      }
    }
    return true;
  }

  private boolean literalsMatch(String[] parts, int count) {
    for (int i = 0; i < count; i++) {
      Segment segment = segments.get(i);
      if (segment.isLiteral() && !segment.literal().equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks the placeholder segments of {@code parts} (already of this shape) and returns their
   * values in order.
   *
   * @throws InvalidKeyException for the first segment its part refuses
   */
  List<String> values(String key, String[] parts) {
    List<String> values = new ArrayList<>();
    int offset = -1; // where parts[i] starts in key: past the ':' before it
    for (int i = 0; i < parts.length; i++) {
      offset += i == 0 ? 1 : parts[i - 1].length() + 1;
      Segment segment = segments.get(i);
      if (segment.isLiteral()) {
        continue;
      }
      if (segment.laterPageOnly() && !parts[i].matches(LATER_PAGE)) {
        throw new InvalidKeyException(key, "page '" + parts[i]
            + "' must be 1-999999: the first page is the key without ':0'");
      }
      segment.part().check(key, parts[i], offset);
      values.add(parts[i]);
    }
    return values;
  }

  /** This form with its placeholders filled in order, unchecked (parse the result to check it). */
  String fill(List<String> values) {
    StringBuilder key = new StringBuilder();
    int next = 0;
    for (Segment segment : segments) {
      if (key.length() > 0) {
        key.append(':');
      }
      key.append(segment.isLiteral() ? segment.literal() : values.get(next++));
    }
    return key.toString();
  }
}
