package com.avalo.precompute.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a config file a person wrote (the counts queries, the feeds ranking) strictly. Trailing
 * tokens fail: readTree alone stops after the first value, so '[...] ]' or two configs pasted into
 * one file were taken as the first with the rest unread. A field given twice fails too: Jackson
 * keeps the last one, and the first was silently not the config's.
 */
public final class ConfigJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ConfigJson() {}

  /** The one JSON value of {@code json}. */
  public static JsonNode read(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }
}
