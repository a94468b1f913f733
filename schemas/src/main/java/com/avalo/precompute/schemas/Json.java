package com.avalo.precompute.schemas;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one Jackson configuration of the contract: instants as RFC 3339 strings, unknown payload
 * properties tolerated on read (a newer writer may add fields), and a canonical form (sorted
 * keys) for content hashes.
 */
public final class Json {
  /** The mapper every module uses to read and write cache documents. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .build();

  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  // Writes beans with keys sorted as the canonical tree walk sorts them, straight from the objects:
  // the same bytes as canonicalBytes(valueToTree(value)) (CanonicalJsonTest checks every document
  // type), without building the tree.
  private static final ObjectMapper CANONICAL_BEANS = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
      // A payload may hold a tree (AnalyticsBucket.values): its keys are sorted too.
      .addModule(new SimpleModule().addSerializer(JsonNode.class, new StdSerializer<>(JsonNode.class) {
        @Override
        public void serialize(JsonNode node, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
          writeCanonical(node, generator);
        }
      }))
      .build();

  private Json() {}

  /** Serializes any value to compact JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Serializes any value to compact JSON in UTF-8. Not always the bytes of {@link #write}'s text:
   * Jackson 2.15 writes each character beyond the BMP (an emoji) as two backslash-u escapes,
   * 12 bytes where the text's UTF-8 takes 4; both parse to the same value. Measure stored sizes on
   * these bytes.
   */
  public static byte[] writeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** Serializes any value to indented JSON text, for people. */
  public static String writePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses JSON text to a tree. */
  public static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The canonical bytes of a tree: object keys sorted at every level, no whitespace. Walks the tree
   * itself: the same bytes as converting it to maps and writing those with sorted keys, without
   * building the maps, which took most of the time of hashing a document.
   */
  public static byte[] canonicalBytes(JsonNode node) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = CANONICAL.getFactory().createGenerator(bytes)) {
      writeCanonical(node, generator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot canonicalize JSON", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The canonical bytes of a value (a payload record, list or map) without converting it to a tree
   * first: equal to {@code canonicalBytes(MAPPER.valueToTree(value))}.
   */
  public static byte[] canonicalValueBytes(Object value) {
    try {
      return CANONICAL_BEANS.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot canonicalize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * A value as a tree whose object keys are in canonical (sorted) order at every level, so that
   * writing the tree gives the canonical bytes: the order documents are stored in.
   */
  public static JsonNode canonicalTree(Object value) {
    return CANONICAL_BEANS.valueToTree(value);
  }

  private static void writeCanonical(JsonNode node, JsonGenerator generator) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.size());
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      generator.writeStartObject();
      for (String name : names) {
        generator.writeFieldName(name);
        writeCanonical(node.get(name), generator);
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (JsonNode element : node) {
        writeCanonical(element, generator);
      }
      generator.writeEndArray();
    } else {
      // A scalar is written as the canonical mapper writes the value it converts to.
      ((ValueNode) node).serialize(generator, CANONICAL.getSerializerProviderInstance());
    }
  }
}
