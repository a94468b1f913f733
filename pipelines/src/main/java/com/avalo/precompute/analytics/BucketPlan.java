package com.avalo.precompute.analytics;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which buckets and signup cohorts one run computes, in one zone, as of one instant.
 *
 * <ul>
 *   <li>A <b>scheduled</b> run computes, for each granularity, the bucket holding {@code asOf}
 *       (in progress, marked incomplete), the buckets whose chats may still get a reply, and the
 *       {@code lateBuckets} before those, to take late events; its cohorts are those whose D0,
 *       D1, D7 or D30 falls on one of the last {@code lateBuckets + 1} days.
 *   <li>A <b>backfill</b> computes every bucket of each granularity that overlaps the days
 *       {@code from} to {@code to} (both inclusive), and the cohorts of those days.
 * </ul>
 *
 * Never a bucket or cohort that starts after {@code asOf}; events after {@code asOf} belong to no
 * bucket. The same plan and the same input give the same documents.
 *
 * @param zone the zone whose wall clock cuts the buckets
 * @param asOf the snapshot instant
 * @param granularities the granularities computed
 * @param buckets the buckets by period label (labels differ across granularities)
 * @param cohorts the signup days whose retention is computed
 */
public record BucketPlan(ZoneId zone, Instant asOf, List<Granularity> granularities,
    NavigableMap<String, Bucket> buckets, NavigableSet<LocalDate> cohorts) implements Serializable {

  /**
   * Most buckets one run computes: two years of hours and more. The plan travels with every
   * DoFn, so it is kept to a few megabytes.
   */
  public static final int MAX_BUCKETS = 20_000;

  /** Days after signup that retention measures. */
  public static final List<Integer> RETENTION_DAYS = List.of(1, 7, 30);

  /**
   * The plan of a scheduled run.
   *
   * @param replyWindow how long a chat started in a bucket may still get the reply that counts
   *     for it: buckets that ended less than this before {@code asOf} are recomputed as well (then
   *     {@code lateBuckets} more), so that each bucket is computed again by a run that sees every
   *     window of its chats closed and its reply rate final. Without this, hour buckets stopped
   *     being computed two hours after their end, marked complete with chats still awaiting reply.
   */
  public static BucketPlan scheduled(ZoneId zone, Instant asOf, List<Granularity> granularities,
      int lateBuckets, Duration replyWindow) {
    Instant windowsOpenSince = asOf.minus(replyWindow);
    TreeMap<String, Bucket> buckets = new TreeMap<>();
    for (Granularity granularity : granularities) {
      Bucket bucket = Bucket.containing(asOf, granularity, zone);
      while (bucket.end().isAfter(windowsOpenSince)) {
        buckets.put(bucket.period(), bucket);
        bucket = bucket.previous(zone);
      }
      for (int i = 0; i < lateBuckets; i++) {
        buckets.put(bucket.period(), bucket);
        bucket = bucket.previous(zone);
      }
    }
    TreeSet<LocalDate> cohorts = new TreeSet<>();
    LocalDate today = LocalDate.ofInstant(asOf, zone);
    for (int late = 0; late <= lateBuckets; late++) {
      LocalDate day = today.minusDays(late);
      cohorts.add(day);
      RETENTION_DAYS.forEach(n -> cohorts.add(day.minusDays(n)));
    }
    return new BucketPlan(zone, asOf, granularities, buckets, cohorts);
  }

  /**
   * This plan without the buckets still in progress at {@code asOf}, or whose chats could still
   * get a reply then (ended less than {@code replyWindow} before it; zero without engagement), and
   * the cohorts whose day 30 has not ended by then: those whose documents a run as of a later time
   * holds more of. An older window's run, rerun after newer ones, would otherwise write a bucket's
   * chats as awaiting replies the newer runs had seen, marked complete for 400 days.
   */
  public BucketPlan completeOnly(Duration replyWindow) {
    Instant settled = asOf.minus(replyWindow);
    TreeMap<String, Bucket> ended = new TreeMap<>();
    buckets.forEach((period, bucket) -> {
      if (!bucket.end().isAfter(settled)) {
        ended.put(period, bucket);
      }
    });
    int lastDay = RETENTION_DAYS.get(RETENTION_DAYS.size() - 1);
    TreeSet<LocalDate> closed = new TreeSet<>();
    for (LocalDate cohort : cohorts) {
      if (!cohort.plusDays(lastDay + 1).atStartOfDay(zone).toInstant().isAfter(asOf)) {
        closed.add(cohort);
      }
    }
    return new BucketPlan(zone, asOf, granularities, ended, closed);
  }

  /** @throws IllegalArgumentException when {@code to} is before {@code from} */
  static void requireOrdered(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to=" + to + " is before --from=" + from);
    }
  }

  /**
   * The plan of a backfill of the days {@code from} to {@code to}, both inclusive.
   *
   * @throws IllegalArgumentException when the range is empty or holds too many buckets
   */
  public static BucketPlan backfill(ZoneId zone, Instant asOf, List<Granularity> granularities,
      LocalDate from, LocalDate to) {
    requireOrdered(from, to);
    Instant rangeEnd = to.plusDays(1).atStartOfDay(zone).toInstant();
    TreeMap<String, Bucket> buckets = new TreeMap<>();
    for (Granularity granularity : granularities) {
      Bucket bucket = Bucket.containing(from.atStartOfDay(zone).toInstant(), granularity, zone);
      while (bucket.start().isBefore(rangeEnd) && !bucket.start().isAfter(asOf)) {
        buckets.put(bucket.period(), bucket);
        if (buckets.size() > MAX_BUCKETS) {
          throw new IllegalArgumentException("--from=" + from + " --to=" + to + " holds more than "
              + MAX_BUCKETS + " buckets of " + granularities + "; backfill in smaller ranges");
        }
        bucket = bucket.next(zone);
      }
    }
    if (buckets.isEmpty()) {
      // Every bucket of the range starts after the run's time: nothing to compute, which a
      // mistyped year would otherwise learn only from "documents written: 0". (A week or month
      // holding --from may have started before it: then it is computed.)
      throw new IllegalArgumentException("--from=" + from + " --to=" + to + " --period="
          + granularities.stream().map(Enum::name).collect(java.util.stream.Collectors.joining(","))
          + ": no bucket of the range has started by the run's time " + asOf + " (in " + zone + ")");
    }
    TreeSet<LocalDate> cohorts = new TreeSet<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (!day.atStartOfDay(zone).toInstant().isAfter(asOf)) {
        cohorts.add(day);
      }
    }
    return new BucketPlan(zone, asOf, granularities, buckets, cohorts);
  }

  /** The planned buckets that hold {@code instant}; none when it is after {@code asOf}. */
  public List<Bucket> bucketsOf(Instant instant) {
    List<Bucket> of = new ArrayList<>(granularities.size());
    if (instant.isAfter(asOf)) {
      return of;
    }
    BucketsByStart byStart = BY_START.getUnchecked(this);
    for (Granularity granularity : granularities) {
      Bucket bucket = byStart.holding(granularity, instant);
      if (bucket != null) {
        of.add(bucket);
      }
    }
    return of;
  }

  /**
   * The plan's buckets by start, per plan instance: finding an event's buckets by searching them
   * avoids the zone arithmetic and label formatting of {@link Bucket#containing}, which were a
   * tenth of an analytics run's CPU (each event asks for every granularity). Weak keys compare
   * by identity, so a lookup costs no hash of the plan, and a plan's table goes with it.
   */
  private static final LoadingCache<BucketPlan, BucketsByStart> BY_START =
      CacheBuilder.newBuilder().weakKeys().build(CacheLoader.from(BucketsByStart::new));

  /** One granularity's planned buckets sorted by start, for a binary search. */
  private static final class BucketsByStart {
    private final EnumMap<Granularity, Bucket[]> sorted = new EnumMap<>(Granularity.class);

    BucketsByStart(BucketPlan plan) {
      for (Granularity granularity : Granularity.values()) {
        sorted.put(granularity, plan.buckets().values().stream()
            .filter(bucket -> bucket.granularity() == granularity)
            .sorted(Comparator.comparing(Bucket::start))
            .toArray(Bucket[]::new));
      }
    }

    /**
     * The planned bucket of {@code granularity} holding {@code instant}, or null. The same as
     * looking up {@code Bucket.containing(instant, granularity, zone)}: a granularity's buckets
     * tile time, so at most one holds the instant, and the planned ones came from there.
     */
    Bucket holding(Granularity granularity, Instant instant) {
      Bucket[] buckets = sorted.get(granularity);
      int low = 0;
      int high = buckets.length - 1;
      Bucket last = null;  // the latest bucket starting at or before the instant
      while (low <= high) {
        int middle = (low + high) >>> 1;
        if (buckets[middle].start().isAfter(instant)) {
          high = middle - 1;
        } else {
          last = buckets[middle];
          low = middle + 1;
        }
      }
      return last != null && last.contains(instant) ? last : null;
    }
  }

  /** The planned bucket with this label. */
  public Bucket bucket(String period) {
    Bucket bucket = buckets.get(period);
    if (bucket == null) {
      throw new IllegalArgumentException("period " + period + " is not in this run's plan");
    }
    return bucket;
  }

  /** The zone's calendar day of {@code instant}. */
  public LocalDate dayOf(Instant instant) {
    return LocalDate.ofInstant(instant, zone);
  }

  /**
   * The cohorts for which activity on {@code day} counts: those {@code day} is D1, D7 or D30 of.
   */
  public List<LocalDate> cohortsActiveOn(LocalDate day) {
    List<LocalDate> of = new ArrayList<>(RETENTION_DAYS.size());
    for (int n : RETENTION_DAYS) {
      if (cohorts.contains(day.minusDays(n))) {
        of.add(day.minusDays(n));
      }
    }
    return of;
  }
}
