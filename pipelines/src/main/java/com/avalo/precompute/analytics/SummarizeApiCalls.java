package com.avalo.precompute.analytics;

import com.avalo.precompute.io.MergeIntoFirst;
import com.avalo.precompute.io.PrecombinePerKey;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * {@code analytics:api.{endpoint}:{period}} for each endpoint called in a planned bucket: calls,
 * error rate, latency percentiles from a mergeable histogram, cache hit rates per layer and the
 * alert levels (see {@link ApiStats}, {@link AlertThresholds}); and
 * {@code analytics:api:{period}} for every planned bucket: the same over all endpoints (their
 * histograms merged) with a short line per endpoint, the {@link #MAX_LISTED} busiest listed.
 * An {@code api_call} with a negative latency or an endpoint no key can hold is dead-lettered.
 */
public final class SummarizeApiCalls extends PTransform<PCollection<Event>, PCollectionTuple> {
  public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  static final int MAX_LISTED = 200;

  private static final TupleTag<KV<KV<String, String>, Event>> CALLS = new TupleTag<>() {};
  private static final TupleTag<KV<String, KV<String, ApiStats>>> BY_ENDPOINT = new TupleTag<>() {};

  private final BucketPlan plan;
  private final AnalyticsDocuments documents;
  private final AlertThresholds thresholds;
  private final String job;

  public SummarizeApiCalls(BucketPlan plan, AnalyticsDocuments documents,
      AlertThresholds thresholds) {
    this.plan = plan;
    this.documents = documents;
    this.thresholds = thresholds;
    this.job = documents.job();
  }

  @Override
  public PCollectionTuple expand(PCollection<Event> events) {
    KvCoder<String, KV<String, ApiStats>> byEndpointCoder = KvCoder.of(StringUtf8Coder.of(),
        KvCoder.of(StringUtf8Coder.of(), new ApiStats.StatsCoder()));
    PCollectionTuple calls = events.apply("BucketApiCalls", ParDo.of(new BucketCallsFn(plan, job))
        .withOutputTags(CALLS, TupleTagList.of(DEAD_LETTERS)));
    calls.get(CALLS).setCoder(KvCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()),
        RecordCoder.of(Event.class)));
    calls.get(DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));

    PCollectionTuple perEndpoint = calls.get(CALLS)
        .apply("SumPerEndpointAndBucket", PrecombinePerKey.of(new ApiStatsFn()))
        .apply("WriteEndpoints", ParDo.of(new WriteEndpointFn(plan, documents, thresholds))
            .withOutputTags(WRITES, TupleTagList.of(BY_ENDPOINT)));
    perEndpoint.get(WRITES).setCoder(CacheWriteCoder.of());
    perEndpoint.get(BY_ENDPOINT).setCoder(byEndpointCoder);

    // A seed per planned bucket (endpoint ""), so every bucket gets its all-endpoints document.
    List<KV<String, KV<String, ApiStats>>> seeds = new ArrayList<>();
    plan.buckets().keySet().forEach(period -> seeds.add(KV.of(period, KV.of("", new ApiStats()))));
    PCollection<CacheWrite> all = PCollectionList.of(perEndpoint.get(BY_ENDPOINT))
        .and(events.getPipeline().apply("SeedBuckets", Create.of(seeds).withCoder(byEndpointCoder)))
        .apply("FlattenEndpoints", Flatten.pCollections())
        .apply("GroupEndpointsByBucket", GroupByKey.create())
        .apply("WriteAllEndpoints", ParDo.of(new WriteAllFn(plan, documents, thresholds)))
        .setCoder(CacheWriteCoder.of());

    return PCollectionTuple
        .of(WRITES, PCollectionList.of(perEndpoint.get(WRITES)).and(all)
            .apply("FlattenWrites", Flatten.pCollections()))
        .and(DEAD_LETTERS, calls.get(DEAD_LETTERS));
  }

  private static final class BucketCallsFn extends DoFn<Event, KV<KV<String, String>, Event>> {
    /** Bounds the memory of endpoints when the events hold many distinct (bad) ones. */
    private static final int MAX_ENDPOINTS_REMEMBERED = 10_000;
    private final BucketPlan plan;
    private final String job;
    private final Counter rejected = Metrics.counter("dead_lettered", "events");
    // Whether an endpoint makes a valid cache key, per endpoint: the check encodes and matches
    // the key, and was 4% of the job's CPU at 1M users when done for every call.
    private transient Map<String, Boolean> validEndpoints;

    BucketCallsFn(BucketPlan plan, String job) {
      this.plan = plan;
      this.job = job;
    }

    @Setup
    public void setup() {
      validEndpoints = new HashMap<>();
    }

    private boolean isValidEndpoint(String endpoint) {
      Boolean known = validEndpoints.get(endpoint);
      if (known != null) {
        return known;
      }
      boolean valid = ApiEndpoints.metricOf(endpoint) != null;
      if (validEndpoints.size() < MAX_ENDPOINTS_REMEMBERED) {
        validEndpoints.put(endpoint, valid);
      }
      return valid;
    }

    @ProcessElement
    public void process(@Element Event event, MultiOutputReceiver out) {
      if (!event.type().equals("api_call")) {
        return;
      }
      List<Bucket> buckets = plan.bucketsOf(event.at());
      if (buckets.isEmpty()) {
        return;
      }
      String problem = event.latencyMs() < 0 ? "latencyMs " + event.latencyMs() + " is negative"
          : !isValidEndpoint(event.endpoint())
              ? "endpoint '" + ReasonText.quote(event.endpoint())
                  + "' is empty or too long for a cache key" : null;
      if (problem != null) {
        rejected.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(job, "events", "events/" + event.id(),
            problem + "; the call is left out of the API analytics", Json.write(event)));
        return;
      }
      for (Bucket bucket : buckets) {
        out.get(CALLS).output(KV.of(KV.of(bucket.period(), event.endpoint()), event));
      }
    }
  }

  private static final class ApiStatsFn extends Combine.CombineFn<Event, ApiStats, ApiStats> {
    @Override
    public ApiStats createAccumulator() {
      return new ApiStats();
    }

    @Override
    public ApiStats addInput(ApiStats stats, Event call) {
      return stats.add(call);
    }

    /** Adds the others into the first: a fresh histogram for every merge is a needless copy. */
    @Override
    public ApiStats mergeAccumulators(Iterable<ApiStats> accumulators) {
      return MergeIntoFirst.merge(accumulators, ApiStats::new, ApiStats::addAll);
    }

    @Override
    public ApiStats extractOutput(ApiStats stats) {
      return stats;
    }

    @Override
    public Coder<ApiStats> getAccumulatorCoder(CoderRegistry registry, Coder<Event> input) {
      return new ApiStats.StatsCoder();
    }

    @Override
    public Coder<ApiStats> getDefaultOutputCoder(CoderRegistry registry, Coder<Event> input) {
      return new ApiStats.StatsCoder();
    }
  }

  private static final class WriteEndpointFn
      extends DoFn<KV<KV<String, String>, ApiStats>, CacheWrite> {
    private final BucketPlan plan;
    private final AnalyticsDocuments documents;
    private final AlertThresholds thresholds;

    WriteEndpointFn(BucketPlan plan, AnalyticsDocuments documents, AlertThresholds thresholds) {
      this.plan = plan;
      this.documents = documents;
      this.thresholds = thresholds;
    }

    @ProcessElement
    public void process(@Element KV<KV<String, String>, ApiStats> stats, MultiOutputReceiver out) {
      Bucket bucket = plan.bucket(stats.getKey().getKey());
      String endpoint = stats.getKey().getValue();
      ObjectNode values = documents.values(bucket);
      values.put("endpoint", endpoint);
      stats.getValue().writeTo(values, thresholds);
      out.get(WRITES).output(documents.write(ApiEndpoints.metricOf(endpoint), bucket, values));
      out.get(BY_ENDPOINT).output(KV.of(bucket.period(), KV.of(endpoint, stats.getValue())));
    }
  }

  private static final class WriteAllFn
      extends DoFn<KV<String, Iterable<KV<String, ApiStats>>>, CacheWrite> {
    private final BucketPlan plan;
    private final AnalyticsDocuments documents;
    private final AlertThresholds thresholds;

    WriteAllFn(BucketPlan plan, AnalyticsDocuments documents, AlertThresholds thresholds) {
      this.plan = plan;
      this.documents = documents;
      this.thresholds = thresholds;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<KV<String, ApiStats>>> bucket,
        OutputReceiver<CacheWrite> out) {
      ApiStats total = new ApiStats();
      Map<String, ApiStats> byEndpoint = new TreeMap<>();
      for (KV<String, ApiStats> endpoint : bucket.getValue()) {
        total.addAll(endpoint.getValue());
        if (!endpoint.getKey().isEmpty()) {
          byEndpoint.put(endpoint.getKey(), endpoint.getValue());
        }
      }
      List<Map.Entry<String, ApiStats>> busiest = new ArrayList<>(byEndpoint.entrySet());
      busiest.sort(Comparator.comparing((Map.Entry<String, ApiStats> e) -> -e.getValue().calls())
          .thenComparing(Map.Entry::getKey));
      Map<String, ApiStats> listed = new TreeMap<>();
      busiest.stream().limit(MAX_LISTED).forEach(e -> listed.put(e.getKey(), e.getValue()));

      Bucket planned = plan.bucket(bucket.getKey());
      ObjectNode values = documents.values(planned);
      total.writeTo(values, thresholds);
      values.put("endpointCount", byEndpoint.size());
      ObjectNode endpoints = values.putObject("endpoints");
      listed.forEach((name, stats) -> stats.writeSummaryTo(endpoints.putObject(name), thresholds));
      out.output(documents.write(ApiEndpoints.ALL, planned, values));
    }
  }
}
