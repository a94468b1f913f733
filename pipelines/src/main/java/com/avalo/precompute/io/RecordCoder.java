package com.avalo.precompute.io;

import com.avalo.precompute.source.WellFormedText;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Encodes a Java record component by component, in declaration order, each by its declared type:
 * strings, the primitives and their boxes, byte arrays, enums (by ordinal), {@link Instant},
 * {@link LocalDate}, lists, sets and maps with string keys of those, and nested records. Any
 * reference may be null. Which types a record may hold is checked when the coder is made, so an
 * unsupported component fails at pipeline construction, not mid-run.
 *
 * <p>Records cross a shuffle or a multi-output step many times per run (a like is encoded and
 * decoded four times between its file and the feeds job). As JSON through Jackson, the coder this
 * one replaced, that was a quarter of a feeds run's CPU (JFR, 100,000 users); Java serialization
 * ({@code SerializableCoder}) writes class descriptors with every element and was slower still.
 * Field by field there are no names and no text to parse. The encoding is private to one run: it
 * is never stored.
 *
 * <p>A record is written into an array with protobuf's {@link CodedOutputStream} and handed to the
 * runner's stream in one piece, behind its length; it is read back the same way. Written straight
 * to the stream, every varint and presence flag cost a few virtual calls per byte through Flink's
 * stream wrappers, and every string was first copied into an array of its own: this coder was 17%
 * of a 100,000-user {@code run all}'s sampled CPU, and Beam's {@code VarInt.encode} the hottest
 * method of the run (JFR, stop 39 in {@code bench/scale/RESULTS.md}).
 *
 * @param <T> a record type
 */
public final class RecordCoder<T extends Record> extends CustomCoder<T> {
  private final Class<T> type;
  // Made again after the coder is deserialized on a worker; fields is written last.
  private transient MethodHandle constructor;
  private transient volatile Field[] fields;

  /** Most records fit; a longer one grows its own array, and a huge one is not kept. */
  private static final int SCRATCH_BYTES = 8 * 1024;
  private static final int KEPT_SCRATCH_BYTES = 1024 * 1024;
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /**
   * One thread's array for the record being written or read, in a slot of one. Taken while in use,
   * so that a coder called again on the same thread meanwhile gets an array of its own. The value
   * is a JDK type on purpose: a class of ours held by a long-lived runner thread would keep the
   * job's class loader, and its metaspace, after the job has ended.
   */
  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][]);

  private static byte[] takeScratch(byte[][] slot, int atLeast) {
    byte[] taken = slot[0];
    slot[0] = null;
    return taken != null && taken.length >= atLeast
        ? taken : new byte[Math.max(atLeast, SCRATCH_BYTES)];
  }

  private static void giveBackScratch(byte[][] slot, byte[] used) {
    if (used.length <= KEPT_SCRATCH_BYTES && (slot[0] == null || slot[0].length < used.length)) {
      slot[0] = used;
    }
  }

  private RecordCoder(Class<T> type) {
    this.type = type;
    prepare();
  }

  /**
   * The coder of {@code type}.
   *
   * @throws IllegalArgumentException naming the component whose type it cannot encode
   */
  public static <T extends Record> RecordCoder<T> of(Class<T> type) {
    return new RecordCoder<>(type);
  }

  /**
   * The coder of {@code type} when it is known only as a {@code Class<T>} (a collection's record
   * class).
   *
   * @throws IllegalArgumentException when it is not a record, or holds a type it cannot encode
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Coder<T> ofRecordClass(Class<T> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    return (Coder<T>) new RecordCoder(type);
  }

  /** What Beam calls for a record annotated {@code @DefaultCoder(RecordCoder.class)}. */
  public static CoderProvider getCoderProvider() {
    return new CoderProvider() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Coder<T> coderFor(TypeDescriptor<T> type, List<? extends Coder<?>> components) {
        return ofRecordClass((Class<T>) type.getRawType());
      }
    };
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    prepared();
    byte[][] slot = SCRATCH.get();
    byte[] buffer = takeScratch(slot, SCRATCH_BYTES);
    try {
      while (true) {
        CodedOutputStream coded = CodedOutputStream.newInstance(buffer);
        try {
          write(value, coded);
        } catch (CodedOutputStream.OutOfSpaceException e) {
          if (buffer.length >= MAX_ARRAY_BYTES) {
            throw new CoderException("a " + type.getSimpleName() + " takes more than "
                + MAX_ARRAY_BYTES + " bytes", e);
          }
          // Written again from the start into a larger array: rare, as most records are small.
          buffer = new byte[(int) Math.min(buffer.length * 4L, MAX_ARRAY_BYTES)];
          continue;
        }
        int length = coded.getTotalBytesWritten();
        VarInt.encode(length, out);
        out.write(buffer, 0, length);
        return;
      }
    } finally {
      giveBackScratch(slot, buffer);
    }
  }

  @Override
  public T decode(InputStream in) throws IOException {
    prepared();
    int length = VarInt.decodeInt(in);
    if (length < 0) {
      throw new CoderException("a " + type.getSimpleName() + " of " + length + " bytes");
    }
    if (length > KEPT_SCRATCH_BYTES) {
      // Read as it arrives: a damaged length must not allocate its claimed size up front.
      byte[] whole = in.readNBytes(length);
      return decodeFrom(whole, whole.length, length);
    }
    byte[][] slot = SCRATCH.get();
    byte[] buffer = takeScratch(slot, length);
    try {
      return decodeFrom(buffer, in.readNBytes(buffer, 0, length), length);
    } finally {
      giveBackScratch(slot, buffer);
    }
  }

  private T decodeFrom(byte[] buffer, int read, int length) throws IOException {
    if (read != length) {
      throw new EOFException("a " + type.getSimpleName() + " of " + length + " bytes ends after "
          + read);
    }
    CodedInputStream coded = CodedInputStream.newInstance(buffer, 0, length);
    coded.pushLimit(length);  // so that a count read inside can be checked against what is left
    T value;
    try {
      value = read(coded);
    } catch (IOException | RuntimeException e) {
      // Damaged bytes: a value cut short, a count or an enum ordinal or a date out of range.
      throw new CoderException("cannot decode a " + type.getSimpleName() + " of " + length
          + " bytes: " + e, e);
    }
    if (!coded.isAtEnd()) {
      throw new CoderException("a " + type.getSimpleName() + " of " + length + " bytes has "
          + (length - coded.getTotalBytesRead()) + " bytes left over: not this coder's encoding");
    }
    return value;
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "records may hold sets and maps of any order");
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
    return other instanceof RecordCoder<?> coder && coder.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "RecordCoder(" + type.getName() + ")";
  }

  private void prepared() {
    if (fields == null) {
      prepare();
    }
  }

  private void prepare() {
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    Field[] made = new Field[components.length];
    Class<?>[] parameters = new Class<?>[components.length];
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        component.getAccessor().setAccessible(true);
        // Typed (Object)Object, so that invokeExact calls it without adapting on every call.
        MethodHandle accessor = lookup.unreflect(component.getAccessor())
            .asType(MethodType.methodType(Object.class, Object.class));
        made[i] = new Field(accessor,
            kind(component.getGenericType(), type.getSimpleName() + "." + component.getName()));
        parameters[i] = component.getType();
      }
      var canonical = type.getDeclaredConstructor(parameters);
      canonical.setAccessible(true);
      constructor = lookup.unreflectConstructor(canonical)
          .asSpreader(Object[].class, components.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot read or build " + type.getName() + ": " + e, e);
    }
    fields = made;
  }

  private void write(T value, CodedOutputStream out) throws IOException {
    try {
      for (Field field : fields) {
        field.kind.write((Object) field.accessor.invokeExact((Object) value), out);
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new CoderException("cannot encode a " + type.getSimpleName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private T read(CodedInputStream in) throws IOException {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].kind.read(in);
    }
    try {
      return (T) (Object) constructor.invokeExact(values);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new CoderException("cannot build a " + type.getSimpleName(), e);
    }
  }

  private record Field(MethodHandle accessor, Kind kind) {}

  /** How one declared type is written; every reference starts with a presence byte. */
  private interface Kind {
    void write(Object value, CodedOutputStream out) throws IOException;

    Object read(CodedInputStream in) throws IOException;
  }

  /** A reference type: a presence byte, then the value. */
  private abstract static class Nullable implements Kind {
    @Override
    public final void write(Object value, CodedOutputStream out) throws IOException {
      out.writeBoolNoTag(value != null);
      if (value != null) {
        writePresent(value, out);
      }
    }

    @Override
    public final Object read(CodedInputStream in) throws IOException {
      return in.readBool() ? readPresent(in) : null;
    }

    abstract void writePresent(Object value, CodedOutputStream out) throws IOException;

    abstract Object readPresent(CodedInputStream in) throws IOException;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Kind kind(Type declared, String where) {
    if (declared instanceof Class<?> raw) {
      if (raw == int.class) {
        return plain((v, out) -> out.writeUInt32NoTag((Integer) v),
            CodedInputStream::readRawVarint32);
      }
      if (raw == long.class) {
        return plain((v, out) -> out.writeUInt64NoTag((Long) v), CodedInputStream::readRawVarint64);
      }
      if (raw == double.class) {
        return plain((v, out) -> out.writeDoubleNoTag((Double) v), CodedInputStream::readDouble);
      }
      if (raw == boolean.class) {
        return plain((v, out) -> out.writeBoolNoTag((Boolean) v), CodedInputStream::readBool);
      }
      if (raw == String.class) {
        return nullable((v, out) -> writeString((String) v, out), CodedInputStream::readString);
      }
      if (raw == Integer.class) {
        return nullable((v, out) -> out.writeUInt32NoTag((Integer) v),
            CodedInputStream::readRawVarint32);
      }
      if (raw == Long.class) {
        return nullable((v, out) -> out.writeUInt64NoTag((Long) v),
            CodedInputStream::readRawVarint64);
      }
      if (raw == Double.class) {
        return nullable((v, out) -> out.writeDoubleNoTag((Double) v), CodedInputStream::readDouble);
      }
      if (raw == Boolean.class) {
        return nullable((v, out) -> out.writeBoolNoTag((Boolean) v), CodedInputStream::readBool);
      }
      if (raw == Instant.class) {
        return nullable((v, out) -> {
          out.writeSInt64NoTag(((Instant) v).getEpochSecond());
          out.writeUInt32NoTag(((Instant) v).getNano());
        }, in -> Instant.ofEpochSecond(in.readSInt64(), in.readRawVarint32()));
      }
      if (raw == byte[].class) {
        return nullable((v, out) -> out.writeByteArrayNoTag((byte[]) v),
            CodedInputStream::readByteArray);
      }
      if (raw == LocalDate.class) {
        return nullable((v, out) -> out.writeSInt64NoTag(((LocalDate) v).toEpochDay()),
            in -> LocalDate.ofEpochDay(in.readSInt64()));
      }
      if (raw.isEnum()) {
        Object[] constants = raw.getEnumConstants();
        return nullable((v, out) -> out.writeUInt32NoTag(((Enum<?>) v).ordinal()),
            in -> constants[in.readRawVarint32()]);
      }
      if (raw.isRecord()) {
        RecordCoder nested = new RecordCoder(raw);
        return nullable((v, out) -> nested.write((Record) v, out), nested::read);
      }
    } else if (declared instanceof ParameterizedType generic
        && generic.getRawType() instanceof Class<?> raw) {
      Type[] arguments = generic.getActualTypeArguments();
      if (raw == List.class) {
        Kind element = kind(arguments[0], where + "[]");
        return nullable((v, out) -> writeAll((Collection<?>) v, element, out),
            in -> readAll(in, element, new ArrayList<>()));
      }
      if (raw == Set.class) {
        Kind element = kind(arguments[0], where + "[]");
        boolean ofEnums = arguments[0] instanceof Class<?> e && e.isEnum();
        return nullable((v, out) -> writeAll((Collection<?>) v, element, out),
            in -> readAll(in, element,
                ofEnums ? EnumSet.noneOf((Class<Enum>) arguments[0]) : new LinkedHashSet<>()));
      }
      if ((raw == Map.class || raw == SortedMap.class || raw == TreeMap.class)
          && arguments[0] == String.class) {
        Kind entry = kind(arguments[1], where + "{}");
        boolean sorted = raw != Map.class;
        return nullable((v, out) -> {
          Map<String, ?> map = (Map<String, ?>) v;
          out.writeUInt32NoTag(map.size());
          for (Map.Entry<String, ?> e : map.entrySet()) {
            writeString(e.getKey(), out);
            entry.write(e.getValue(), out);
          }
        }, in -> {
          int size = readCount(in);
          Map<String, Object> map = sorted ? new TreeMap<>() : new LinkedHashMap<>(size * 2);
          for (int i = 0; i < size; i++) {
            map.put(in.readString(), entry.read(in));
          }
          return map;
        });
      }
    }
    throw new IllegalArgumentException("RecordCoder cannot encode " + where + " of type "
        + declared.getTypeName());
  }

  private interface Writer {
    void write(Object value, CodedOutputStream out) throws IOException;
  }

  private interface Reader {
    Object read(CodedInputStream in) throws IOException;
  }

  private static Kind plain(Writer writer, Reader reader) {
    return new Kind() {
      @Override
      public void write(Object value, CodedOutputStream out) throws IOException {
        writer.write(value, out);
      }

      @Override
      public Object read(CodedInputStream in) throws IOException {
        return reader.read(in);
      }
    };
  }

  private static Kind nullable(Writer writer, Reader reader) {
    return new Nullable() {
      @Override
      void writePresent(Object value, CodedOutputStream out) throws IOException {
        writer.write(value, out);
      }

      @Override
      Object readPresent(CodedInputStream in) throws IOException {
        return reader.read(in);
      }
    };
  }

  private static void writeAll(Collection<?> values, Kind element, CodedOutputStream out)
      throws IOException {
    out.writeUInt32NoTag(values.size());
    for (Object value : values) {
      element.write(value, out);
    }
  }

  @SuppressWarnings("unchecked")
  private static <C extends Collection<Object>> C readAll(CodedInputStream in, Kind element,
      Collection<?> into) throws IOException {
    C values = (C) into;
    int size = readCount(in);
    for (int i = 0; i < size; i++) {
      values.add(element.read(in));
    }
    return values;
  }

  /** A collection's size, which cannot exceed the bytes left: each element takes at least one. */
  private static int readCount(CodedInputStream in) throws IOException {
    int count = in.readRawVarint32();
    if (count < 0 || count > in.getBytesUntilLimit()) {
      throw new CoderException("a count of " + Integer.toUnsignedString(count) + " with "
          + in.getBytesUntilLimit() + " bytes left");
    }
    return count;
  }

  private static void writeString(String value, CodedOutputStream out) throws IOException {
    // Records are read well formed (RecordFields); text made after that could still hold half a
    // surrogate pair, which protobuf would write as '?' with a warning logged for every string.
    out.writeStringNoTag(WellFormedText.of(value));
  }
}
