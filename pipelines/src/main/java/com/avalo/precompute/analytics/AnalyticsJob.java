package com.avalo.precompute.analytics;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.KeyScope;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.SourceReader;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.InvalidKeyException;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Event;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * {@code analytics:{metric}:{period}}: aggregates per hour, day, ISO week and month bucket, in
 * {@code --analyticsZone}:
 *
 * <pre>
 *   analytics:active_users:{period}       distinct active users (DAU/WAU/MAU) + HLL sketch, sessions
 *   analytics:engagement:{period}         new users, likes, superlikes, passes, matches, match rate,
 *                                         messages sent, response rate
 *   analytics:revenue:{period}            net revenue per currency and product, tokens bought/spent
 *   analytics:api:{period}                API calls over all endpoints, with a line per endpoint
 *   analytics:api.{endpoint}:{period}     one endpoint: latency percentiles, errors, cache hit rates,
 *                                         alert levels
 *   analytics:retention:{cohortDay}       D1/D7/D30 retention of a signup cohort
 * </pre>
 *
 * Which buckets: a {@link BucketPlan} from the options, a backfill with {@code --from}/{@code --to}
 * or else the current bucket and {@code --lateBuckets} before it. Records after {@code asOf} are
 * ignored and no bucket starting after it is written, so a rerun with the same {@code asOf} and
 * data writes the same content.
 */
public final class AnalyticsJob implements PrecomputeJob {
  public static final String NAME = "analytics";
  public static final List<String> METRICS = List.of(CountActiveUsers.METRIC,
      CountEngagement.METRIC, SumRevenue.METRIC, ApiEndpoints.ALL, MeasureRetention.METRIC);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<AnalyticsOptions> optionsClass() {
    return AnalyticsOptions.class;
  }

  @Override
  public void validate(PrecomputeOptions options, RunContext run) {
    AnalyticsOptions analytics = options.as(AnalyticsOptions.class);
    replyWindow(analytics);
    plan(analytics, run.asOf());
    metrics(analytics);
    thresholds(analytics);
  }

  /** @throws IllegalArgumentException when the window is not 1 to 720 hours */
  static Duration replyWindow(AnalyticsOptions options) {
    if (options.getResponseWindowHours() < 1 || options.getResponseWindowHours() > 24 * 30) {
      throw new IllegalArgumentException("--responseWindowHours="
          + options.getResponseWindowHours() + " must be between 1 and 720");
    }
    return Duration.ofHours(options.getResponseWindowHours());
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs inputs) {
    AnalyticsOptions options = inputs.options().as(AnalyticsOptions.class);
    BucketPlan plan = plan(options, inputs.run().asOf());
    AnalyticsDocuments documents = new AnalyticsDocuments(NAME, inputs.run(), plan.zone().getId());
    Set<String> metrics = metrics(options);
    SourceReader sources = inputs.sources();
    // Read only when a metric uses them: an unused read would still cost a pass over the data.
    boolean needsEvents = metrics.contains(CountActiveUsers.METRIC)
        || metrics.contains(ApiEndpoints.ALL) || metrics.contains(MeasureRetention.METRIC);
    PCollection<Event> events = needsEvents ? sources.read(SourceCollection.EVENTS) : null;

    List<PCollection<CacheWrite>> writes = new ArrayList<>();
    if (metrics.contains(CountActiveUsers.METRIC)) {
      writes.add(events.apply("CountActiveUsers", new CountActiveUsers(plan, documents)));
    }
    if (metrics.contains(CountEngagement.METRIC)) {
      writes.add(PCollectionTuple.of(CountEngagement.USERS, sources.users())
          .and(CountEngagement.LIKES, sources.read(SourceCollection.LIKES))
          .and(CountEngagement.MATCHES, sources.read(SourceCollection.MATCHES))
          .and(CountEngagement.MESSAGES, sources.messages())
          .apply("CountEngagement",
              new CountEngagement(plan, documents, options.getResponseWindowHours())));
    }
    if (metrics.contains(SumRevenue.METRIC)) {
      writes.add(PCollectionTuple.of(SumRevenue.PURCHASES, sources.read(SourceCollection.PURCHASES))
          .and(SumRevenue.SPENDS, sources.read(SourceCollection.SPENDS))
          .apply("SumRevenue", new SumRevenue(plan, documents)));
    }
    if (metrics.contains(ApiEndpoints.ALL)) {
      PCollectionTuple api = events.apply("SummarizeApiCalls",
          new SummarizeApiCalls(plan, documents, thresholds(options)));
      inputs.addDeadLetters(api.get(SummarizeApiCalls.DEAD_LETTERS));
      writes.add(api.get(SummarizeApiCalls.WRITES));
    }
    if (metrics.contains(MeasureRetention.METRIC)) {
      writes.add(PCollectionTuple.of(MeasureRetention.USERS, sources.users())
          .and(MeasureRetention.EVENTS, events)
          .apply("MeasureRetention", new MeasureRetention(plan, documents)));
    }
    return PCollectionList.of(writes).apply("AnalyticsWrites", Flatten.pCollections());
  }

  /** Each window writes its own buckets: a failed one still needs its run after a newer one. */
  @Override
  public boolean newerWindowsSupersede() {
    return false;
  }

  /**
   * An older window's in-progress buckets and open cohorts hold its events up to its own end, and
   * would replace what newer windows wrote with more; its ended buckets are what it is rerun for.
   */
  @Override
  public void yieldToNewerWindows(PrecomputeOptions options) {
    options.as(AnalyticsOptions.class).setCompleteBucketsOnly(true);
  }

  /**
   * The keys of the run's metrics in the run's buckets (for retention, its cohorts): a scheduled
   * run or a backfill recomputes only those, and the buckets before stay as they are.
   */
  @Override
  public KeyScope keyScope(PrecomputeOptions options, RunContext run) {
    AnalyticsOptions analytics = options.as(AnalyticsOptions.class);
    BucketPlan plan = plan(analytics, run.asOf());
    HashSet<String> metrics = new HashSet<>(metrics(analytics));
    HashSet<String> periods = new HashSet<>(plan.buckets().keySet());
    HashSet<String> cohorts = new HashSet<>();
    plan.cohorts().forEach(day -> cohorts.add(day.toString()));
    return key -> {
      CacheKey parsed;
      try {
        parsed = CacheKey.parse(key);
      } catch (InvalidKeyException e) {
        // Stored by another build or by hand: not a bucket this run computes, so it is kept
        // (the diff's KEEP) rather than failing every run until someone deletes it.
        return false;
      }
      String metric = parsed.subject();
      int dot = metric.indexOf('.');
      return metrics.contains(dot < 0 ? metric : metric.substring(0, dot))
          && (metric.equals(MeasureRetention.METRIC) ? cohorts : periods).contains(parsed.detail());
    };
  }

  /**
   * The run's buckets from the options.
   *
   * @throws IllegalArgumentException naming the option to fix
   */
  public static BucketPlan plan(AnalyticsOptions options, Instant asOf) {
    ZoneId zone = zone(options);
    List<Granularity> granularities = Granularity.parseList("periods", options.getPeriods());
    boolean from = !options.getFrom().isBlank();
    boolean to = !options.getTo().isBlank();
    if (from != to) {
      throw new IllegalArgumentException("a backfill needs both --from and --to (YYYY-MM-DD);"
          + " a scheduled run neither");
    }
    if (from) {
      return BucketPlan.backfill(zone, asOf, granularities, date("from", options.getFrom()),
          date("to", options.getTo()));
    }
    // At least one: with none, a bucket's last computation is the run during it, so the events
    // of its last minutes are never counted and it is never written complete (then expires).
    if (options.getLateBuckets() < 1 || options.getLateBuckets() > 1000) {
      throw new IllegalArgumentException("--lateBuckets=" + options.getLateBuckets() + " must be"
          + " between 1 and 1000: each bucket must be computed again after it has ended");
    }
    // Only engagement counts replies; the other metrics need no bucket kept open for them.
    Duration replyWindow = metrics(options).contains("engagement") ? replyWindow(options)
        : Duration.ZERO;
    BucketPlan plan = BucketPlan.scheduled(zone, asOf, granularities, options.getLateBuckets(),
        replyWindow);
    return options.getCompleteBucketsOnly() ? plan.completeOnly(replyWindow) : plan;
  }

  private static ZoneId zone(AnalyticsOptions options) {
    try {
      return ZoneId.of(options.getAnalyticsZone());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("--analyticsZone='" + options.getAnalyticsZone()
          + "' is not a time zone id; use an IANA id such as UTC or Europe/Warsaw");
    }
  }

  /**
   * A bucket's key names its period, not the zone that cut it ({@code analytics:revenue:2026-10-31}
   * is that day in whichever zone the run had), so a run in another zone than the stored buckets'
   * would overwrite some of them with other boundaries and leave the rest: a day's events in no
   * day bucket, or in two. The store's first analytics document stands for all of them.
   */
  @Override
  public void checkStored(PrecomputeOptions options,
      Function<String, Optional<CacheDocument>> firstStored) {
    ZoneId zone = zone(options.as(AnalyticsOptions.class));
    firstStored.apply("analytics:").ifPresent(stored -> { // DocumentType.ANALYTICS keys
      String storedZone = stored.payload().path("zone").asText("");
      ZoneId theirs;
      try {
        theirs = ZoneId.of(storedZone);
      } catch (DateTimeException unreadable) {
        return; // not a bucket this build wrote: nothing to compare with
      }
      if (!theirs.normalized().equals(zone.normalized())) {
        throw new IllegalArgumentException("the store holds analytics buckets cut in zone "
            + storedZone + " (" + stored.key() + "), and this run's --analyticsZone=" + zone
            + " would overwrite buckets of the same names with other boundaries (a bucket's key"
            + " names its period, not its zone): keep one zone per store, or write this zone's"
            + " buckets to another store");
      }
    });
  }

  static Set<String> metrics(AnalyticsOptions options) {
    Set<String> metrics = new LinkedHashSet<>();
    for (String metric : options.getAnalyticsMetrics().split(",")) {
      String trimmed = metric.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!METRICS.contains(trimmed)) {
        throw new IllegalArgumentException("--analyticsMetrics: unknown metric '" + trimmed
            + "'; metrics: " + String.join(",", METRICS));
      }
      metrics.add(trimmed);
    }
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("--analyticsMetrics names no metric; metrics: "
          + String.join(",", METRICS));
    }
    return metrics;
  }

  static AlertThresholds thresholds(AnalyticsOptions options) {
    return new AlertThresholds(options.getHitRateWarning(), options.getHitRateCritical(),
        options.getP95WarningMs(), options.getP95CriticalMs());
  }

  /**
   * Checks a backfill's days as far as they can be without the run's time and zone: both dates,
   * in order. For the CLI to refuse a typo before it starts a run.
   *
   * @throws IllegalArgumentException naming the option to fix
   */
  public static void checkBackfillDays(String from, String to) {
    BucketPlan.requireOrdered(date("from", from), date("to", to));
  }

  private static LocalDate date(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + option + "='" + text + "' is not a date (YYYY-MM-DD)");
    }
  }
}
