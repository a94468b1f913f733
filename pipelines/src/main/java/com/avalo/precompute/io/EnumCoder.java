package com.avalo.precompute.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * An enum constant as its ordinal. Beam's default for an enum, {@code SerializableCoder}, writes
 * the class's descriptor with every element; like {@link RecordCoder}, this encoding is private to
 * one run and never stored.
 *
 * @param <E> an enum type
 */
public final class EnumCoder<E extends Enum<E>> extends CustomCoder<E> {
  private final Class<E> type;
  private transient E[] constants;

  private EnumCoder(Class<E> type) {
    this.type = type;
  }

  public static <E extends Enum<E>> EnumCoder<E> of(Class<E> type) {
    return new EnumCoder<>(type);
  }

  @Override
  public void encode(E value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null " + type.getSimpleName());
    }
    VarInt.encode(value.ordinal(), out);
  }

  @Override
  public E decode(InputStream in) throws IOException {
    if (constants == null) {
      constants = type.getEnumConstants();
    }
    int ordinal = VarInt.decodeInt(in);
    if (ordinal < 0 || ordinal >= constants.length) {
      throw new CoderException("no " + type.getSimpleName() + " has ordinal " + ordinal);
    }
    return constants[ordinal];
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof EnumCoder<?> coder && coder.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
