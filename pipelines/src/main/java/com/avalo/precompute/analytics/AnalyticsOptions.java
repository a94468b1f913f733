package com.avalo.precompute.analytics;

import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.schedule.ParameterFormat;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of the {@code analytics} job. Without {@code --from}/{@code --to} a run is a scheduled
 * one: the current bucket of each period, those whose chats may still get a reply within
 * {@code --responseWindowHours} (when engagement is computed), and {@code --lateBuckets} before
 * those.
 */
public interface AnalyticsOptions extends PrecomputeOptions {

  @Description("Backfill: first day (YYYY-MM-DD, inclusive, in --analyticsZone); with --to")
  @Default.String("")
  @ParameterFormat(ParameterFormat.Kind.DATE)
  String getFrom();

  void setFrom(String value);

  @Description("Backfill: last day (YYYY-MM-DD, inclusive, in --analyticsZone); with --from")
  @Default.String("")
  @ParameterFormat(ParameterFormat.Kind.DATE)
  String getTo();

  void setTo(String value);

  @Description("Periods to compute, comma-separated: hour, day, week (ISO), month")
  @Default.String("hour,day,week,month")
  String getPeriods();

  void setPeriods(String value);

  @Description("Scheduled runs: buckets recomputed for late events before the current one (with"
      + " engagement, before the oldest one whose chats may still get a reply)")
  @Default.Integer(2)
  int getLateBuckets();

  void setLateBuckets(int value);

  @Description("Scheduled runs: compute only the buckets that have ended by the run's time and the"
      + " retention cohorts whose day 30 has ended, leaving the in-progress ones as they are stored;"
      + " set by itself on a window older than one of its schedule that succeeded, whose runs have"
      + " written the in-progress ones more completely")
  @Default.Boolean(false)
  boolean getCompleteBucketsOnly();

  void setCompleteBucketsOnly(boolean value);

  @Description("Time zone whose wall clock cuts the buckets (IANA id, e.g. UTC, Europe/Warsaw)")
  @Default.String("UTC")
  @ParameterFormat(ParameterFormat.Kind.TIME_ZONE)
  String getAnalyticsZone();

  void setAnalyticsZone(String value);

  @Description("Metrics to compute, comma-separated: active_users, engagement, revenue, api, retention")
  @Default.String("active_users,engagement,revenue,api,retention")
  String getAnalyticsMetrics();

  void setAnalyticsMetrics(String value);

  @Description("A chat counts as replied when the other participant writes within this many hours"
      + " of its first message")
  @Default.Integer(24)
  int getResponseWindowHours();

  void setResponseWindowHours(int value);

  @Description("Cache hit rate under which an endpoint's bucket is flagged 'warning'")
  @Default.Double(0.70)
  double getHitRateWarning();

  void setHitRateWarning(double value);

  @Description("Cache hit rate under which an endpoint's bucket is flagged 'critical'")
  @Default.Double(0.50)
  double getHitRateCritical();

  void setHitRateCritical(double value);

  @Description("P95 latency (ms) over which an endpoint's bucket is flagged 'warning'")
  @Default.Long(500)
  long getP95WarningMs();

  void setP95WarningMs(long value);

  @Description("P95 latency (ms) over which an endpoint's bucket is flagged 'critical'")
  @Default.Long(1000)
  long getP95CriticalMs();

  void setP95CriticalMs(long value);
}
