package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Encodes a record as its JSON, with the one Jackson configuration of the contract. Java
 * serialization ({@code SerializableCoder}) writes class descriptors with every element and made
 * a 10k-user run spend most of its time decoding them; JSON of a record is compact and its cost
 * is proportional to the record's own fields.
 *
 * @param <T> a Jackson-bindable type: the source records, payloads, envelopes and dead letters
 */
public final class JsonRecordCoder<T> extends CustomCoder<T> {
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  private final Class<T> type;
  private transient ObjectWriter writer;
  private transient ObjectReader reader;

  private JsonRecordCoder(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonRecordCoder<T> of(Class<T> type) {
    return new JsonRecordCoder<>(type);
  }

  /**
   * What Beam calls for a class annotated {@code @DefaultCoder(JsonRecordCoder.class)}: this coder
   * for that class, wherever a coder is inferred.
   */
  public static CoderProvider getCoderProvider() {
    return new CoderProvider() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Coder<T> coderFor(TypeDescriptor<T> type, List<? extends Coder<?>> componentCoders) {
        return JsonRecordCoder.of((Class<T>) type.getRawType());
      }
    };
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    if (writer == null) {
      writer = Json.MAPPER.writerFor(type);
    }
    BYTES.encode(writer.writeValueAsBytes(value), out);
  }

  @Override
  public T decode(InputStream in) throws IOException {
    if (reader == null) {
      reader = Json.MAPPER.readerFor(type);
    }
    return reader.readValue(BYTES.decode(in));
  }

  /**
   * The record's own type: a transform that infers its output coder from its input's (Beam's
   * {@code Wait.on}) finds this coder again through the type's {@code @DefaultCoder}.
   */
  @Override
  public TypeDescriptor<T> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(type);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonRecordCoder<?> coder && coder.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
