package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams one collection's records to a file, one JSON object per line, each line ending in
 * {@code \n}. Records go straight to a buffered stream, never into a list.
 */
final class NdjsonWriter implements Closeable {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonGenerator json;
  private long count;

  NdjsonWriter(Path file) throws IOException {
    // Through a Writer rather than Jackson's own UTF-8 stream: Jackson 2.15 escapes characters
    // outside the BMP there (as two escaped surrogates); we want plain UTF-8 emoji in the file.
    json = FACTORY.createGenerator(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    json.setRootValueSeparator(null); // we end lines ourselves, after every record
  }

  /** Opens a record and writes its {@code id}; add fields to the returned generator. */
  JsonGenerator begin(String id) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", id);
    return json;
  }

  void end() throws IOException {
    json.writeEndObject();
    json.writeRaw('\n');
    count++;
  }

  void timestamp(String field, long epochSecond) throws IOException {
    json.writeStringField(field, Timestamps.format(epochSecond));
  }

  long count() {
    return count;
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
