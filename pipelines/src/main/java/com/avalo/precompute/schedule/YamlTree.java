package com.avalo.precompute.schedule;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its line, so that a checker can say
 * {@code FILE:LINE: message}. Jackson's YAML parser supplies the tokens and their locations;
 * Jackson's own trees drop the locations, hence this small one.
 */
final class YamlTree {
  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private YamlTree() {}

  /**
   * A node of the tree, with its line (1-based): a mapping's or sequence's is that of the key
   * holding it, so that "needs 'region'" points at {@code environment:}.
   */
  sealed interface Node permits Mapping, Sequence, Scalar {
    int line();
  }

  /** A mapping's key, with its own line, and its value. */
  record Entry(String key, int line, Node value) {}

  /** A mapping, its keys in file order. */
  record Mapping(Map<String, Entry> entries, int line) implements Node {}

  /** A sequence. */
  record Sequence(List<Node> items, int line) implements Node {}

  /** A scalar as written (numbers and booleans as their text); {@code text} is null for YAML null. */
  record Scalar(String text, int line) implements Node {}

  /**
   * Parses one YAML document.
   *
   * @throws SchedulesException with the line of a syntax error or a key given twice
   */
  static Node parse(String file, String yaml) {
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SchedulesException(List.of(new Problem(file, 1, "the file is empty")));
      }
      Node document = read(file, parser, 0);
      // A second document (after --- or ...) was dropped without a word.
      if (parser.nextToken() != null) {
        throw new SchedulesException(List.of(new Problem(file,
            parser.currentTokenLocation().getLineNr(), "a schedules file holds one YAML document;"
                + " another starts here (remove the --- or ... before it)")));
      }
      return document;
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      int line = location == null ? 1 : Math.max(1, location.getLineNr());
      throw new SchedulesException(List.of(new Problem(file, line,
          "not valid YAML: " + Problem.firstLine(e.getOriginalMessage()))));
    } catch (IOException e) {
      throw new SchedulesException(List.of(new Problem(file, 1, "cannot read: " + e.getMessage())));
    }
  }

  private static Node read(String file, JsonParser parser, int keyLine) throws IOException {
    int line = keyLine > 0 ? keyLine : parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Map<String, Entry> entries = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int entryLine = parser.currentTokenLocation().getLineNr();
        parser.nextToken();
        Entry previous = entries.put(key, new Entry(key, entryLine, read(file, parser, entryLine)));
        if (previous != null) {
          throw new SchedulesException(List.of(new Problem(file, entryLine,
              "'" + key + "' is given twice (first on line " + previous.line() + ")")));
        }
      }
      return new Mapping(entries, line);
    }
    if (token == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(file, parser, 0));
      }
      return new Sequence(items, line);
    }
    // Jackson gives an alias (*name) as the anchor's name, a string: a description or an input
    // path read as "d" without a word.
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      throw new SchedulesException(List.of(new Problem(file,
          parser.currentTokenLocation().getLineNr(), "YAML aliases (*" + parser.getText()
              + ") are not supported; write the value")));
    }
    return new Scalar(token == JsonToken.VALUE_NULL ? null : parser.getText(),
        parser.currentTokenLocation().getLineNr());
  }

}
