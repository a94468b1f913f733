package com.avalo.precompute.counts;

import com.avalo.precompute.counts.CountQuery.Window;
import com.avalo.precompute.counts.RecordComponents.Kind;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads one query object of the counts config and checks it against its collection's record
 * type, failing with one line that names the file, the query and what to fix.
 */
final class CountQueryReader {
  private static final Set<String> PROPERTIES =
      new LinkedHashSet<>(List.of("name", "collection", "where", "activeOnly", "window", "groupBy"));

  private final String source;
  private final JsonNode node;
  private String label;

  CountQueryReader(String source, int index, JsonNode node) {
    this.source = source;
    this.node = node;
    this.label = "query #" + (index + 1);
  }

  CountQuery read() {
    if (!node.isObject()) {
      throw fail("must be a JSON object");
    }
    JsonNode nameNode = node.get("name");
    if (nameNode == null || !nameNode.isTextual() || !nameNode.asText().matches("[A-Za-z0-9_-]+")) {
      throw fail("needs a \"name\" of letters, digits, '_' and '-'");
    }
    label = "query '" + nameNode.asText() + "'";
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String property = it.next();
      if (!PROPERTIES.contains(property)) {
        throw fail("unknown property '" + property + "'; known: " + PROPERTIES);
      }
    }
    JsonNode collectionNode = node.get("collection");
    if (collectionNode == null || !collectionNode.isTextual()) {
      throw fail("needs a \"collection\"");
    }
    Class<? extends SourceRecord> recordClass;
    try {
      recordClass = SourceCollection.named(collectionNode.asText()).recordClass();
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
    String collection = collectionNode.asText();
    Set<String> used = new HashSet<>();
    SortedMap<String, String> where = readWhere(recordClass, collection, used);
    boolean activeOnly = readActiveOnly(collection);
    Window window = readWindow(recordClass, collection, used);
    List<String> groupBy = readGroupBy(recordClass, collection, used);
    return new CountQuery(nameNode.asText(), collection, where, activeOnly, window, groupBy);
  }

  private SortedMap<String, String> readWhere(
      Class<? extends SourceRecord> recordClass, String collection, Set<String> used) {
    SortedMap<String, String> where = new TreeMap<>();
    JsonNode whereNode = node.get("where");
    if (whereNode == null) {
      return where;
    }
    if (!whereNode.isObject()) {
      throw fail("\"where\" must be an object of field: value");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = whereNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> filter = it.next();
      String field = filter.getKey();
      scalarField(recordClass, collection, field, "where", used);
      JsonNode value = filter.getValue();
      if (!value.isTextual() && !value.isBoolean() && !value.isIntegralNumber()) {
        throw fail("where value of '" + field + "' must be a string, boolean or integer, not "
            + value);
      }
      checkValue(recordClass, field, value.asText());
      where.put(field, value.asText());
    }
    return where;
  }

  private void checkValue(Class<? extends SourceRecord> recordClass, String field, String value) {
    Class<?> type = RecordComponents.type(recordClass, field);
    boolean ok;
    String expected;
    if (type.isEnum()) {
      ok = Arrays.stream(type.getEnumConstants()).anyMatch(c -> ((Enum<?>) c).name().equals(value));
      expected = "one of " + Arrays.toString(type.getEnumConstants());
    } else if (type == boolean.class || type == Boolean.class) {
      ok = value.equals("true") || value.equals("false");
      expected = "true or false";
    } else if (type != String.class) {
      // Records are matched by their value's text, so "03", "+3" or "-0" would never match a 3
      // or a 0. The value is refused rather than rewritten: it is also part of the count's
      // document key, which should read as the user wrote it.
      String canonical = canonicalInteger(type, value);
      if (canonical != null && !canonical.equals(value)) {
        throw fail("where value '" + value + "' of '" + field + "' can never match: write the"
            + " integer as " + canonical + " (no sign for positives, no leading zeros)");
      }
      ok = canonical != null;
      expected = type == int.class || type == Integer.class ? "an integer that fits in 32 bits"
          : "an integer that fits in 64 bits";
    } else {
      ok = !value.isEmpty();
      expected = "a non-empty string";
    }
    if (!ok) {
      throw fail("where value '" + value + "' of '" + field + "' can never match: expected "
          + expected);
    }
  }

  /** {@code value} as a record's integer field of {@code type} prints it, or null if none can. */
  private static String canonicalInteger(Class<?> type, String value) {
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
    boolean fits = type == long.class || type == Long.class || parsed == (int) parsed;
    return fits ? Long.toString(parsed) : null;
  }

  private boolean readActiveOnly(String collection) {
    JsonNode activeNode = node.get("activeOnly");
    if (activeNode == null) {
      return false;
    }
    if (!activeNode.isBoolean()) {
      throw fail("\"activeOnly\" must be true or false");
    }
    if (activeNode.asBoolean() && !collection.equals(SourceCollection.USERS.name())) {
      throw fail("\"activeOnly\" applies to users only, not " + collection);
    }
    return activeNode.asBoolean();
  }

  private Window readWindow(
      Class<? extends SourceRecord> recordClass, String collection, Set<String> used) {
    JsonNode windowNode = node.get("window");
    if (windowNode == null) {
      return null;
    }
    JsonNode field = windowNode.get("field");
    JsonNode period = windowNode.get("period");
    if (!windowNode.isObject() || field == null || !field.isTextual() || windowNode.size() != 2
        || period == null) {
      throw fail("\"window\" must be {\"field\": TIMESTAMP_FIELD, \"period\": \"day\"}");
    }
    if (!period.asText().equals("day")) {
      throw fail("window period '" + period.asText() + "' is not supported; use \"day\"");
    }
    knownField(recordClass, collection, field.asText(), "window", used);
    Kind kind = RecordComponents.kind(recordClass, field.asText());
    if (kind != Kind.TIMESTAMP) {
      throw fail("window field '" + field.asText() + "' has type "
          + RecordComponents.type(recordClass, field.asText()).getSimpleName()
          + ", not a timestamp");
    }
    return new Window(field.asText(), "day");
  }

  private List<String> readGroupBy(
      Class<? extends SourceRecord> recordClass, String collection, Set<String> used) {
    List<String> groupBy = new ArrayList<>();
    JsonNode groupNode = node.get("groupBy");
    if (groupNode == null) {
      return groupBy;
    }
    if (!groupNode.isArray()) {
      throw fail("\"groupBy\" must be an array of field names");
    }
    for (JsonNode field : groupNode) {
      if (!field.isTextual()) {
        throw fail("\"groupBy\" must be an array of field names, found " + field);
      }
      scalarField(recordClass, collection, field.asText(), "groupBy", used);
      groupBy.add(field.asText());
    }
    return groupBy;
  }

  private void scalarField(Class<? extends SourceRecord> recordClass, String collection,
      String field, String clause, Set<String> used) {
    knownField(recordClass, collection, field, clause, used);
    if (RecordComponents.kind(recordClass, field) != Kind.SCALAR) {
      throw fail(clause + " field '" + field + "' has type "
          + RecordComponents.type(recordClass, field).getSimpleName()
          + ", not a scalar (string, enum, boolean or integer)");
    }
  }

  private void knownField(Class<? extends SourceRecord> recordClass, String collection,
      String field, String clause, Set<String> used) {
    if (!RecordComponents.names(recordClass).contains(field)) {
      throw fail("unknown " + clause + " field '" + field + "' for " + collection + "; fields: "
          + RecordComponents.names(recordClass));
    }
    if (!used.add(field)) {
      throw fail("field '" + field + "' is used twice (where, window and groupBy must differ)");
    }
  }

  private IllegalArgumentException fail(String problem) {
    return new IllegalArgumentException(
        "counts config " + source + ": " + label + ": " + problem);
  }
}
