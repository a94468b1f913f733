package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.JobChecks;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.SourceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The job's wiring and options, on a tiny file export read through the shared source reader. */
public class AnalyticsJobTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** Content hashes by key, per run, collected in this JVM by the direct runner. */
  private static final Map<String, Map<String, String>> HASHES = new ConcurrentHashMap<>();

  private static AnalyticsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(AnalyticsOptions.class);
  }

  private static String user(String id, String createdAt) {
    return "{\"id\":\"" + id + "\",\"displayName\":\"User\",\"birthDate\":\"1990-01-15\","
        + "\"gender\":\"female\",\"interestedIn\":[\"male\"],\"ageMin\":25,\"ageMax\":40,"
        + "\"maxDistanceKm\":50,\"location\":{\"lat\":38.7,\"lng\":-9.1},\"city\":\"Lisbon\","
        + "\"interests\":[],\"photoCount\":2,\"verified\":false,\"createdAt\":\"" + createdAt + "\","
        + "\"lastActiveAt\":\"2026-11-19T00:00:00Z\",\"status\":\"active\"}";
  }

  private Path export(boolean reversed) throws IOException {
    Map<String, List<String>> files = new TreeMap<>();
    files.put("users.ndjson", List.of(user("ann", "2026-11-19T08:00:00Z"),
        user("bob", "2026-11-20T00:00:00Z")));
    files.put("events.ndjson", List.of(
        "{\"id\":\"e1\",\"type\":\"session_start\",\"userId\":\"ann\",\"at\":\"2026-11-19T09:00:00Z\"}",
        "{\"id\":\"e2\",\"type\":\"api_call\",\"userId\":\"ann\",\"at\":\"2026-11-20T09:00:00Z\","
            + "\"endpoint\":\"/v1/feed\",\"latencyMs\":42,\"cacheLayer\":\"memory\",\"ok\":true}",
        "{\"id\":\"e3\",\"type\":\"api_call\",\"userId\":\"bob\",\"at\":\"2026-11-20T10:00:00Z\","
            + "\"endpoint\":\"/v1/feed\",\"latencyMs\":-1,\"cacheLayer\":\"origin\",\"ok\":true}",
        "{\"id\":\"e4\",\"type\":\"session_start\",\"userId\":\"bob\",\"at\":\"2026-11-20T11:00:00Z\"}"));
    files.put("likes.ndjson", List.of("{\"id\":\"l1\",\"fromUserId\":\"ann\",\"toUserId\":\"bob\","
        + "\"kind\":\"like\",\"createdAt\":\"2026-11-20T09:30:00Z\"}"));
    files.put("matches.ndjson", List.of());
    files.put("chats.ndjson", List.of("{\"id\":\"c1\",\"participants\":[\"ann\",\"bob\"],"
        + "\"createdAt\":\"2026-11-20T09:00:00Z\",\"lastReadAt\":{}}"));
    files.put("messages.ndjson", List.of(
        "{\"id\":\"m1\",\"chatId\":\"c1\",\"senderId\":\"ann\",\"text\":\"hi\",\"sentAt\":\"2026-11-20T09:10:00Z\"}",
        "{\"id\":\"m2\",\"chatId\":\"c1\",\"senderId\":\"bob\",\"text\":\"yo\",\"sentAt\":\"2026-11-20T09:20:00Z\"}"));
    files.put("purchases.ndjson", List.of("{\"id\":\"p1\",\"userId\":\"ann\",\"productId\":\"tokens_100\","
        + "\"tokens\":100,\"amountMinor\":499,\"currency\":\"EUR\",\"status\":\"completed\","
        + "\"createdAt\":\"2026-11-19T12:00:00Z\"}"));
    files.put("spends.ndjson", List.of("{\"id\":\"s1\",\"userId\":\"ann\",\"tokens\":10,"
        + "\"reason\":\"boost\",\"createdAt\":\"2026-11-20T08:00:00Z\"}"));
    Path dir = folder.newFolder().toPath();
    for (Map.Entry<String, List<String>> file : files.entrySet()) {
      List<String> lines = new ArrayList<>(file.getValue());
      if (reversed) {
        Collections.reverse(lines);
      }
      Files.write(dir.resolve(file.getKey()), lines);
    }
    return dir;
  }

  /** Runs the job on an export; returns the key -> content hash of what it wrote. */
  private Map<String, String> run(String name, Path input) {
    AnalyticsOptions options = options("--input=" + input, "--asOf=2026-11-20T12:00:00Z",
        "--runId=" + name, "--from=2026-11-19", "--to=2026-11-20", "--periods=day,month");
    AnalyticsJob job = new AnalyticsJob();
    JobChecks.validate(job, options);
    Pipeline pipeline = Pipeline.create(options);
    RunContext run = RunContext.from(options, Instant.parse("2026-11-20T12:01:00Z"));
    List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
    JobInputs inputs = new JobInputs(pipeline, options,
        new SourceReader(pipeline, options, "analytics", run.asOf()), run, deadLetters);
    PCollection<CacheWrite> writes = job.expand(inputs);
    writes.apply(ParDo.of(new CollectHashFn(name)));
    deadLetters.addAll(inputs.sources().deadLetters());
    PAssert.that(PCollectionList.of(deadLetters).apply(Flatten.pCollections())
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::origin)))
        .containsInAnyOrder("events/e3");
    pipeline.run().waitUntilFinish();
    return new TreeMap<>(HASHES.get(name));
  }

  private static final class CollectHashFn extends DoFn<CacheWrite, Void> {
    private final String run;

    CollectHashFn(String run) {
      this.run = run;
    }

    @ProcessElement
    public void process(@Element CacheWrite write) {
      HASHES.computeIfAbsent(run, r -> new ConcurrentHashMap<>())
          .put(write.key(), write.document().contentHash());
    }
  }

  @Test
  public void backfillsEveryMetricAndARerunWritesTheSameContent() throws IOException {
    Map<String, String> first = run("first", export(false));
    assertEquals(List.of("analytics:active_users:2026-11", "analytics:active_users:2026-11-19",
        "analytics:active_users:2026-11-20", "analytics:api.%2Fv1%2Ffeed:2026-11",
        "analytics:api.%2Fv1%2Ffeed:2026-11-20", "analytics:api:2026-11", "analytics:api:2026-11-19",
        "analytics:api:2026-11-20", "analytics:engagement:2026-11",
        "analytics:engagement:2026-11-19", "analytics:engagement:2026-11-20",
        "analytics:retention:2026-11-19", "analytics:retention:2026-11-20",
        "analytics:revenue:2026-11", "analytics:revenue:2026-11-19", "analytics:revenue:2026-11-20"),
        List.copyOf(first.keySet()));
    Map<String, String> second = run("second", export(true));
    assertEquals("same data in another order, same asOf: same content", first, second);
  }

  @Test
  public void rejectsBadOptionsNamingTheOption() {
    AnalyticsJob job = new AnalyticsJob();
    assertEquals("analytics", job.name());
    assertEquals(AnalyticsOptions.class, job.optionsClass());
    JobChecks.validate(job, options());
    JobChecks.validate(job, options("--from=2026-11-01", "--to=2026-11-30", "--periods=day"));
    assertMessage("--analyticsZone='Mars/Base'", job, "--analyticsZone=Mars/Base");
    assertMessage("a backfill needs both --from and --to", job, "--from=2026-11-01");
    assertMessage("--from='2026-11-1'", job, "--from=2026-11-1", "--to=2026-11-30");
    assertMessage("--to=2026-10-01 is before --from=2026-11-01", job, "--from=2026-11-01",
        "--to=2026-10-01");
    assertMessage("--periods='day,year'", job, "--periods=day,year");
    assertMessage("--analyticsMetrics: unknown metric 'dau'", job, "--analyticsMetrics=dau");
    assertMessage("--lateBuckets=-1", job, "--lateBuckets=-1");
    assertMessage("--lateBuckets=0 must be between 1 and 1000", job, "--lateBuckets=0");
    assertMessage("hit rate thresholds", job, "--hitRateWarning=0.4");
    assertMessage("--responseWindowHours=0", job, "--responseWindowHours=0");
  }

  @Test
  public void theDefaultPlanIsTheCurrentBucketAndTwoLateOnesOfEveryPeriod() {
    BucketPlan plan = AnalyticsJob.plan(options(), Instant.parse("2026-11-20T13:20:00Z"));
    assertEquals("UTC", plan.zone().getId());
    // With engagement, also the hours and day whose chats' 24 h reply windows are still open.
    assertEquals(37, plan.buckets().size());
    assertEquals(List.of(Granularity.values()), plan.granularities());
    BucketPlan withoutEngagement = AnalyticsJob.plan(
        options("--analyticsMetrics=active_users,revenue,api,retention"),
        Instant.parse("2026-11-20T13:20:00Z"));
    assertEquals(12, withoutEngagement.buckets().size());
  }

  @Test
  public void theOptionsLiveBesideTheRunnersAndTheOtherJobsOptions() {
    // Beam refuses two interfaces declaring one property differently: --zone, for one, is taken.
    // Registered as PrecomputeRunner.parseOptions does.
    PipelineOptionsFactory.register(com.avalo.precompute.chats.ChatsOptions.class);
    PipelineOptionsFactory.register(AnalyticsOptions.class);
    AnalyticsOptions options = PipelineOptionsFactory.fromArgs("--from=2026-11-01",
            "--to=2026-11-02", "--analyticsZone=Europe/Warsaw", "--chatMaxPages=3")
        .as(org.apache.beam.runners.dataflow.options.DataflowPipelineOptions.class)
        .as(org.apache.beam.runners.flink.FlinkPipelineOptions.class)
        .as(com.avalo.precompute.chats.ChatsOptions.class)
        .as(AnalyticsOptions.class);
    assertEquals("Europe/Warsaw", options.getAnalyticsZone());
    assertEquals(3, options.as(com.avalo.precompute.chats.ChatsOptions.class).getChatMaxPages());
  }

  private static void assertMessage(String start, AnalyticsJob job, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JobChecks.validate(job, options(args)));
    assertTrue(e.getMessage(), e.getMessage().startsWith(start));
  }
}
