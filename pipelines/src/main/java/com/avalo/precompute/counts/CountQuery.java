package com.avalo.precompute.counts;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.CountResult;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One named count query of the counts config (see {@link CountsConfig} for the format), checked
 * against its collection's record type. The matching and grouping here are the whole semantics of
 * the job; the transforms only apply them.
 *
 * @param name the query's name, carried in its documents' payload
 * @param collection the source collection counted, e.g. {@code users}
 * @param where equality filters: field name to the value's text
 * @param activeOnly users only: count only users active for discovery as of the run
 * @param window count only records whose timestamp field falls on the run's UTC day, or null
 * @param groupBy scalar fields whose values split the count into one document per group
 */
public record CountQuery(
    String name,
    String collection,
    SortedMap<String, String> where,
    boolean activeOnly,
    Window window,
    List<String> groupBy) implements Serializable {

  /** The filter name {@code activeOnly} adds to keys. */
  public static final String ACTIVE_FILTER = "active";

  /**
   * A time window: the UTC day of the run's asOf, {@code [dayStart, dayEnd)}.
   *
   * @param field a timestamp field of the record
   * @param period {@code day}, the one period supported
   */
  public record Window(String field, String period) implements Serializable {
    public Instant start(Instant asOf) {
      return asOf.truncatedTo(ChronoUnit.DAYS);
    }

    public Instant end(Instant asOf) {
      return start(asOf).plus(1, ChronoUnit.DAYS);
    }

    /** The key value of the window: its day, {@code YYYY-MM-DD}. */
    public String label(Instant asOf) {
      return LocalDate.ofInstant(asOf, ZoneOffset.UTC).toString();
    }

    boolean contains(Instant t, Instant asOf) {
      return t != null && !t.isBefore(start(asOf)) && t.isBefore(end(asOf));
    }
  }

  public CountQuery {
    where = new TreeMap<>(where);
    groupBy = List.copyOf(groupBy);
  }

  /** A query from any map of where filters; they are kept sorted. */
  public CountQuery(String name, String collection, Map<String, String> where, boolean activeOnly,
      Window window, List<String> groupBy) {
    this(name, collection, new TreeMap<>(where), activeOnly, window, groupBy);
  }

  public Class<? extends SourceRecord> recordClass() {
    return SourceCollection.named(collection).recordClass();
  }

  /** The record's date as its collection defines it, as every other job's as-of reads it. */
  private Instant datedAt(SourceRecord record) {
    @SuppressWarnings("unchecked")
    SourceCollection<SourceRecord> source =
        (SourceCollection<SourceRecord>) SourceCollection.named(collection);
    return source.datedAt(record);
  }

  /**
   * Whether the query counts {@code record} in a run: the record existed as of the run (its
   * collection's {@link SourceCollection#datedAt} is not after asOf), passes every {@code where}
   * filter, is an active user when {@code activeOnly}, and falls in the window.
   */
  public boolean matches(SourceRecord record, RunContext run) {
    Instant asOf = run.asOf();
    Instant dated = datedAt(record);
    if (dated != null && dated.isAfter(asOf)) {
      return false;
    }
    for (Map.Entry<String, String> filter : where.entrySet()) {
      if (!filter.getValue().equals(RecordComponents.text(record, filter.getKey()))) {
        return false;
      }
    }
    if (activeOnly && !(record instanceof User user
        && user.status() == UserStatus.active && run.isActive(user.lastActiveAt()))) {
      return false;
    }
    if (window != null) {
      Instant t = RecordComponents.instant(record, window.field());
      return window.contains(t, asOf) && !t.isAfter(asOf);
    }
    return true;
  }

  /**
   * The record's group: each {@code groupBy} field to its value's text; empty for an ungrouped
   * query. Null when a group field is unset: such a record belongs to no group.
   */
  public SortedMap<String, String> groupKey(SourceRecord record) {
    SortedMap<String, String> group = new TreeMap<>();
    for (String field : groupBy) {
      String value = RecordComponents.text(record, field);
      if (value == null) {
        return null;
      }
      group.put(field, value);
    }
    return group;
  }

  /** The key filters of a group: where pairs, {@code active=true}, group values, window day. */
  public SortedMap<String, String> filters(Map<String, String> group, Instant asOf) {
    SortedMap<String, String> filters = new TreeMap<>(where);
    if (activeOnly) {
      filters.put(ACTIVE_FILTER, "true");
    }
    filters.putAll(group);
    if (window != null) {
      filters.put(window.field(), window.label(asOf));
    }
    return filters;
  }

  /**
   * The cache key of a group.
   *
   * @throws com.avalo.precompute.schemas.InvalidKeyException when a group value cannot be keyed
   *     (empty, or making the key too long)
   */
  public CacheKey key(Map<String, String> group, Instant asOf) {
    return DocumentType.COUNT.key(collection, CacheKey.formatFilters(filters(group, asOf)));
  }

  /** The payload of the document under {@code key}, a key of this query. */
  public CountResult result(CacheKey key, long count, Instant asOf) {
    return new CountResult(name, collection, key.filters(), count,
        window == null ? null : window.start(asOf), window == null ? null : window.end(asOf));
  }
}
