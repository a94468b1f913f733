package com.avalo.precompute.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

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

  private Json() {}

  /** Serializes any value to compact JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
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

  /** The canonical bytes of a tree: object keys sorted at every level, no whitespace. */
  public static byte[] canonicalBytes(JsonNode node) {
    try {
      return CANONICAL.writeValueAsBytes(MAPPER.treeToValue(node, Object.class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot canonicalize JSON", e);
    }
  }
}
