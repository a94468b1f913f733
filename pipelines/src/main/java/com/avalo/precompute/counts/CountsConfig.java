package com.avalo.precompute.counts;

import com.avalo.precompute.counts.CountQuery.Window;
import com.avalo.precompute.counts.RecordComponents.Kind;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.TreeSet;

/**
 * The counts config: a JSON array of named count queries, loaded and checked in full before a run
 * starts. Each query is an object:
 *
 * <pre>
 * {
 *   "name": "likes_today_by_kind",        required, [A-Za-z0-9_-]+, unique in the file
 *   "collection": "likes",                required, a source collection
 *   "where": {"kind": "superlike"},       optional, equality on scalar fields (strings, enums,
 *                                         booleans, integers), compared as the value's text
 *   "activeOnly": true,                   optional, users only: status active and last active
 *                                         within --activeWindowDays of asOf; adds active=true
 *   "window": {"field": "createdAt",      optional, a timestamp field falling on asOf's UTC day
 *              "period": "day"},          [00:00Z, next 00:00Z); adds createdAt=YYYY-MM-DD
 *   "groupBy": ["kind"]                   optional, scalar fields: one document per group
 * }
 * </pre>
 *
 * A query writes {@code count:{collection}:{filters}}, the filters being its where pairs, then
 * {@code active=true}, the group's values and the window's day, sorted by name (or {@code all}).
 * A query without groupBy always writes its document, with count 0 when nothing matches; records
 * dated after asOf are never counted. Every problem is reported as an
 * {@link IllegalArgumentException} with one line naming the file, the query and what to fix.
 *
 * @param source where the config was read from, for messages
 * @param queries the queries, in file order
 */
public record CountsConfig(String source, List<CountQuery> queries) implements Serializable {

  /** The config bundled with the job, used when {@code --countsConfig} is not given. */
  public static final String BUNDLED = "classpath:counts/queries.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> PROPERTIES =
      new LinkedHashSet<>(List.of("name", "collection", "where", "activeOnly", "window", "groupBy"));

  public CountsConfig {
    queries = List.copyOf(queries);
  }

  /**
   * Loads a config from a file path or from {@code classpath:RESOURCE}.
   *
   * @throws IllegalArgumentException with one line naming the file and the problem
   */
  public static CountsConfig load(String location) {
    String text;
    try {
      if (location.startsWith("classpath:")) {
        String resource = location.substring("classpath:".length());
        try (InputStream in = CountsConfig.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IOException("no such resource on the classpath");
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        text = Files.readString(Path.of(location));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("counts config " + location + ": cannot read it ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); point --countsConfig at a"
          + " readable JSON file");
    }
    return parse(location, text);
  }

  /** Parses and checks config text; {@code source} names it in messages. */
  public static CountsConfig parse(String source, String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("counts config " + source + ": malformed JSON at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
          + oneLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("counts config " + source
          + ": expected a JSON array of queries");
    }
    List<CountQuery> queries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      CountQuery query = new QueryReader(source, i, root.get(i)).read();
      if (!names.add(query.name())) {
        throw new IllegalArgumentException("counts config " + source + ": query '" + query.name()
            + "': duplicate query name; names must be unique");
      }
      queries.add(query);
    }
    checkKeysDistinct(source, queries);
    return new CountsConfig(source, queries);
  }

  /** The query named {@code name}. */
  public CountQuery query(String name) {
    return queries.stream().filter(q -> q.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no count query named " + name));
  }

  /** The collections the queries count, each once, in file order. */
  public List<String> collections() {
    return queries.stream().map(CountQuery::collection).distinct().toList();
  }

  /**
   * Two queries of one collection write the same key when their filter names are equal and every
   * name both fix (where, active, window day) has one value: a groupBy value can equal anything.
   */
  private static void checkKeysDistinct(String source, List<CountQuery> queries) {
    for (int i = 0; i < queries.size(); i++) {
      for (int j = i + 1; j < queries.size(); j++) {
        CountQuery a = queries.get(i);
        CountQuery b = queries.get(j);
        if (!a.collection().equals(b.collection())) {
          continue;
        }
        SortedMap<String, String> fixedA = fixedFilters(a);
        SortedMap<String, String> fixedB = fixedFilters(b);
        if (!filterNames(a).equals(filterNames(b))) {
          continue;
        }
        boolean conflict = fixedA.entrySet().stream().allMatch(e ->
            !fixedB.containsKey(e.getKey()) || fixedB.get(e.getKey()).equals(e.getValue()));
        if (conflict) {
          SortedMap<String, String> example = new TreeMap<>();
          filterNames(a).forEach(n -> example.put(n, "{" + n + "}"));
          example.putAll(fixedA);
          example.putAll(fixedB);
          StringBuilder key = new StringBuilder("count:" + a.collection() + ":");
          example.forEach((n, v) -> key.append(n).append('=').append(v).append(','));
          key.setLength(key.length() - 1);
          throw new IllegalArgumentException("counts config " + source + ": query '" + b.name()
              + "': can write the same key as query '" + a.name() + "' (" + key
              + "); make their filters differ");
        }
      }
    }
  }

  private static SortedMap<String, String> fixedFilters(CountQuery query) {
    SortedMap<String, String> fixed = new TreeMap<>(query.where());
    if (query.activeOnly()) {
      fixed.put(CountQuery.ACTIVE_FILTER, "true");
    }
    if (query.window() != null) {
      fixed.put(query.window().field(), "{YYYY-MM-DD}");
    }
    return fixed;
  }

  private static Set<String> filterNames(CountQuery query) {
    Set<String> names = new TreeSet<>(fixedFilters(query).keySet());
    names.addAll(query.groupBy());
    return names;
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s*\\R\\s*", " ");
  }

  /** Reads one query object, failing with a message that names the file and the query. */
  private static final class QueryReader {
    private final String source;
    private final JsonNode node;
    private String label;

    QueryReader(String source, int index, JsonNode node) {
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
        ok = value.matches("-?[0-9]+");
        expected = "an integer";
      } else {
        ok = !value.isEmpty();
        expected = "a non-empty string";
      }
      if (!ok) {
        throw fail("where value '" + value + "' of '" + field + "' can never match: expected "
            + expected);
      }
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
}
