package com.avalo.precompute.counts;

import com.avalo.precompute.io.ConfigJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
      root = ConfigJson.read(json);
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
      CountQuery query = new CountQueryReader(source, i, root.get(i)).read();
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
}
