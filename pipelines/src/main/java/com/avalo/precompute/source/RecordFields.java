package com.avalo.precompute.source;

import com.avalo.precompute.schemas.KeyPart;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, checked access to the fields of one source record, so that every parser reports a
 * missing field, a wrong type or an unknown enum value the same way. It remembers which fields a
 * parser asked for, so that the fields no parser reads can be reported rather than pass unseen.
 */
final class RecordFields {
  private final JsonNode node;
  private final Set<String> asked = new HashSet<>();
  private final List<String> leftOut = new ArrayList<>();

  RecordFields(JsonNode node) throws BadRecordException {
    if (node == null || !node.isObject()) {
      throw new BadRecordException("record is not a JSON object");
    }
    this.node = node;
  }

  String id() throws BadRecordException {
    String id = string("id");
    if (id.isEmpty()) {
      // An empty id would name nothing: a match's or chat's id is written into the lists.
      throw new BadRecordException("field 'id' is empty");
    }
    return id;
  }

  /**
   * The id of a record that names a cache key (a user, a post, a media item). A bad one is refused
   * here, as one record's dead letter; left for the key to refuse, it would fail the whole run.
   */
  String keyId() throws BadRecordException {
    String id = string("id");
    if (!KeyPart.ID.accepts(id)) {
      throw new BadRecordException(
          "id cannot name a cache key: " + KeyPart.ID.problemWith(ReasonText.quote(id)));
    }
    return id;
  }

  /**
   * A count of tokens or money, from 0 to {@link #MAX_QUANTITY}: far beyond any real purchase, and
   * small enough that the sum of every record of an export cannot overflow.
   */
  long quantity(String field) throws BadRecordException {
    long value = integer(field);
    if (value < 0 || value > MAX_QUANTITY) {
      throw new BadRecordException("field '" + field + "' is out of range (0 to " + MAX_QUANTITY + "): " + value);
    }
    return value;
  }

  static final long MAX_QUANTITY = 1_000_000_000_000L;

  String string(String field) throws BadRecordException {
    JsonNode value = required(field);
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return WellFormedText.of(value.asText());
  }

  String optionalString(String field, String fallback) throws BadRecordException {
    JsonNode value = field(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw wrongType(field, "a string", value);
    }
    return WellFormedText.of(value.asText());
  }

  /**
   * An integer, also when written as a whole number with a fraction ({@code 18.0}): Firestore
   * holds 18 and 18.0 as equal, and Python or JavaScript clients and pandas exports write either.
   */
  long integer(String field) throws BadRecordException {
    JsonNode value = required(field);
    boolean whole = value.isIntegralNumber()
        || value.isFloatingPointNumber() && value.canConvertToExactIntegral();
    if (!whole) {
      throw wrongType(field, "an integer", value);
    }
    if (!value.canConvertToLong()) {
      throw new BadRecordException("field '" + field + "' is out of range: "
          + ReasonText.quote(value.asText()) + " is past what a 64-bit integer holds");
    }
    return value.asLong();
  }

  int smallInteger(String field) throws BadRecordException {
    long value = integer(field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new BadRecordException("field '" + field + "' is out of range: " + value);
    }
    return (int) value;
  }

  double number(String field) throws BadRecordException {
    JsonNode value = required(field);
    if (!value.isNumber()) {
      throw wrongType(field, "a number", value);
    }
    return value.asDouble();
  }

  boolean bool(String field) throws BadRecordException {
    JsonNode value = required(field);
    if (!value.isBoolean()) {
      throw wrongType(field, "true or false", value);
    }
    return value.asBoolean();
  }

  Instant instant(String field) throws BadRecordException {
    return parseInstant(field, string(field));
  }

  LocalDate date(String field) throws BadRecordException {
    String text = string(field);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRecordException(
          "field '" + field + "' is not a YYYY-MM-DD date: " + ReasonText.quote(text));
    }
  }

  <E extends Enum<E>> E enumValue(String field, Class<E> type) throws BadRecordException {
    return parseEnum(field, string(field), type);
  }

  <E extends Enum<E>> Set<E> enumSet(String field, Class<E> type) throws BadRecordException {
    Set<E> values = EnumSet.noneOf(type);
    for (JsonNode element : array(field)) {
      if (!element.isTextual()) {
        throw wrongType(field + "[]", "a string", element);
      }
      values.add(parseEnum(field, element.asText(), type));
    }
    return values;
  }

  List<String> strings(String field) throws BadRecordException {
    List<String> values = new ArrayList<>();
    for (JsonNode element : array(field)) {
      if (!element.isTextual()) {
        throw wrongType(field + "[]", "a string", element);
      }
      values.add(WellFormedText.of(element.asText()));
    }
    return values;
  }

  JsonNode array(String field) throws BadRecordException {
    JsonNode value = required(field);
    if (!value.isArray()) {
      throw wrongType(field, "an array", value);
    }
    return value;
  }

  RecordFields object(String field) throws BadRecordException {
    JsonNode value = required(field);
    if (!value.isObject()) {
      throw wrongType(field, "an object", value);
    }
    return new RecordFields(value);
  }

  /** A map of string keys to timestamps; absent means empty. */
  Map<String, Instant> instantMap(String field) throws BadRecordException {
    Map<String, Instant> values = new LinkedHashMap<>();
    JsonNode value = field(field);
    if (value == null || value.isNull()) {
      return values;
    }
    if (!value.isObject()) {
      throw wrongType(field, "an object", value);
    }
    var entries = value.fields();
    while (entries.hasNext()) {
      var entry = entries.next();
      if (entry.getValue().isNull()) {
        // As a missing entry reads: a client writes null for a participant who has not opened the
        // chat yet, and refusing the record took the whole chat, with its messages, off both lists.
        continue;
      }
      if (!entry.getValue().isTextual()) {
        throw wrongType(field + "." + ReasonText.quote(entry.getKey()), "a timestamp string",
            entry.getValue());
      }
      values.put(WellFormedText.of(entry.getKey()),
          parseInstant(field + "." + ReasonText.quote(entry.getKey()), entry.getValue().asText()));
    }
    return values;
  }

  boolean has(String field) {
    JsonNode value = field(field);
    return value != null && !value.isNull();
  }

  /**
   * Counts {@code name} among the record's fields not read: a part of a field the parser leaves
   * out, keeping the record, as it keeps a record with a field it does not know.
   */
  void leftOut(String name) {
    leftOut.add(name);
  }

  /** The record's fields that no accessor asked for: unknown to the parser. */
  List<String> unread() {
    List<String> unread = new ArrayList<>(leftOut);
    node.fieldNames().forEachRemaining(name -> {
      if (!asked.contains(name)) {
        unread.add(name);
      }
    });
    return unread;
  }

  private JsonNode field(String name) {
    asked.add(name);
    return node.get(name);
  }

  private JsonNode required(String field) throws BadRecordException {
    JsonNode value = field(field);
    if (value == null || value.isNull()) {
      throw new BadRecordException("missing required field '" + field + "'");
    }
    return value;
  }

  private static Instant parseInstant(String field, String text) throws BadRecordException {
    Instant instant;
    try {
      instant = UtcTimestamps.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRecordException(
          "field '" + field + "' is not an RFC 3339 UTC timestamp: " + ReasonText.quote(text));
    }
    // Instant.parse also takes a signed year of more than four digits (JavaScript's latest date,
    // +275760-09-13T00:00:00.000Z, is a common "never"), which RFC 3339 cannot write: documents
    // would carry it as such ("+275760-..."), and the schemas' timestamps refuse it.
    if (instant.isBefore(FIRST_INSTANT) || !instant.isBefore(AFTER_LAST_INSTANT)) {
      throw new BadRecordException("field '" + field + "' is not an RFC 3339 UTC timestamp (years"
          + " 0000 to 9999 in UTC): " + ReasonText.quote(text));
    }
    return instant;
  }

  /** The range of instants RFC 3339 writes in UTC: years 0000 to 9999. */
  private static final Instant FIRST_INSTANT = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant AFTER_LAST_INSTANT = Instant.parse("+10000-01-01T00:00:00Z");

  private static <E extends Enum<E>> E parseEnum(String field, String text, Class<E> type)
      throws BadRecordException {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw new BadRecordException("field '" + field + "' has unknown value '" + ReasonText.quote(text)
          + "'; expected one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static BadRecordException wrongType(String field, String expected, JsonNode actual) {
    return new BadRecordException(
        "field '" + field + "' must be " + expected + ", found " + ReasonText.quote(actual));
  }
}
