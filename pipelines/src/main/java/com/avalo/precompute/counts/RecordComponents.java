package com.avalo.precompute.counts;

import com.avalo.precompute.source.SourceRecords.SourceRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a source record's fields by name, through its {@link RecordComponent} accessors. The
 * accessors are looked up once per record class (the classes are fixed) and never serialized, so
 * queries carry only field names to the workers.
 */
final class RecordComponents {

  /** What a field can be used for in a count query. */
  enum Kind {
    /** Strings, enums, booleans and integers: usable in {@code where} and {@code groupBy}. */
    SCALAR,
    /** Instants: usable as a {@code window} field. */
    TIMESTAMP,
    /** Anything else (lists, maps, dates, coordinates). */
    OTHER
  }

  private static final Set<Class<?>> SCALAR_TYPES = Set.of(String.class, boolean.class,
      Boolean.class, int.class, Integer.class, long.class, Long.class);

  private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
    @Override
    protected Map<String, Method> computeValue(Class<?> type) {
      Map<String, Method> accessors = new LinkedHashMap<>();
      for (RecordComponent component : type.getRecordComponents()) {
        accessors.put(component.getName(), component.getAccessor());
      }
      return Collections.unmodifiableMap(accessors);
    }
  };

  private RecordComponents() {}

  /** The field names of a record class, in declaration order. */
  static Set<String> names(Class<? extends SourceRecord> type) {
    return ACCESSORS.get(type).keySet();
  }

  /** The declared type of a field; the field must exist. */
  static Class<?> type(Class<? extends SourceRecord> recordClass, String field) {
    return ACCESSORS.get(recordClass).get(field).getReturnType();
  }

  static Kind kind(Class<? extends SourceRecord> recordClass, String field) {
    Class<?> type = type(recordClass, field);
    if (SCALAR_TYPES.contains(type) || type.isEnum()) {
      return Kind.SCALAR;
    }
    return type == Instant.class ? Kind.TIMESTAMP : Kind.OTHER;
  }

  /** A field's value. */
  static Object value(SourceRecord record, String field) {
    Method accessor = ACCESSORS.get(record.getClass()).get(field);
    try {
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "."
          + field, e);
    }
  }

  /** A scalar field as the text a count filter compares and keys carry; null when unset. */
  static String text(SourceRecord record, String field) {
    Object value = value(record, field);
    if (value == null) {
      return null;
    }
    return value instanceof Enum<?> e ? e.name() : value.toString();
  }

  /** A timestamp field's value; null when unset. */
  static Instant instant(SourceRecord record, String field) {
    return (Instant) value(record, field);
  }
}
