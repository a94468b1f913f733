package com.avalo.precompute.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Reads a generated world back, one record at a time, the way a downstream job would. */
final class SeedFiles {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  static final Pattern ID = Pattern.compile("[A-Za-z0-9]{20}");

  private SeedFiles() {}

  static void forEach(Path dir, SeedCollection collection, Consumer<JsonNode> action) {
    try (BufferedReader reader =
        Files.newBufferedReader(dir.resolve(collection.fileName()), StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        action.accept(MAPPER.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + collection.fileName(), e);
    }
  }

  /** Epoch seconds of an RFC 3339 field, failing loudly on anything but our exact format. */
  static long epoch(JsonNode record, String field) {
    String text = record.path(field).asText(null);
    if (text == null || !TIMESTAMP.matcher(text).matches()) {
      throw new AssertionError("bad timestamp in " + field + ": " + record);
    }
    return Instant.parse(text).getEpochSecond();
  }

  static long epoch(String text) {
    if (!TIMESTAMP.matcher(text).matches()) {
      throw new AssertionError("bad timestamp: " + text);
    }
    return Instant.parse(text).getEpochSecond();
  }
}
