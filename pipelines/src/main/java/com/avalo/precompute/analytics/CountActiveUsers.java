package com.avalo.precompute.analytics;

import com.avalo.precompute.io.MergeIntoFirst;
import com.avalo.precompute.io.PrecombinePerKey;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.source.SourceRecords.Event;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * {@code analytics:active_users:{period}}: the distinct users with a {@code session_start} or an
 * {@code api_call} in each planned bucket (the day buckets are DAU, the weeks WAU, the months MAU),
 * counted exactly, with their {@link ActiveUserSketches HLL sketch} for unions across buckets and
 * the number of sessions started.
 *
 * <p>Users are spread over {@link #SHARDS} shards per bucket so that no worker holds a whole
 * month's users: each shard's distinct ids are collected, sorted and sketched; then a bucket's
 * shards are summed (exact count) and their sketches merged in shard order (same bytes every run).
 */
public final class CountActiveUsers extends PTransform<PCollection<Event>, PCollection<CacheWrite>> {
  public static final String METRIC = "active_users";
  static final int SHARDS = 64;

  private final BucketPlan plan;
  private final AnalyticsDocuments documents;

  public CountActiveUsers(BucketPlan plan, AnalyticsDocuments documents) {
    this.plan = plan;
    this.documents = documents;
  }

  /** Whether an event makes its user active: a session start or an API call. */
  public static boolean isActivity(Event event) {
    return event.type().equals("session_start") || event.type().equals("api_call");
  }

  static int shardOf(String uid) {
    return Math.floorMod(uid.hashCode(), SHARDS);
  }

  /** One shard of one bucket: its distinct users, sessions and sketch; shard -1 is a bucket seed. */
  record ShardCount(int shard, long users, long sessions, byte[] sketch) implements Serializable {}

  /** A user's activity in a bucket's shard. */
  record Activity(String uid, boolean session) implements Serializable {}

  @Override
  public PCollection<CacheWrite> expand(PCollection<Event> events) {
    KvCoder<String, ShardCount> shardCoder =
        KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ShardCount.class));
    PCollection<KV<String, ShardCount>> shards = events
        .apply("KeyActivityByShard", ParDo.of(new KeyByShardFn(plan)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Activity.class)))
        .apply("CollectShardUsers", PrecombinePerKey.of(new ShardUsersFn()))
        .apply("SketchShards", ParDo.of(new SketchShardFn()))
        .setCoder(shardCoder);
    // A seed per planned bucket, so a bucket without activity gets its zeros written.
    List<KV<String, ShardCount>> seeds = new ArrayList<>();
    plan.buckets().keySet().forEach(period -> seeds.add(KV.of(period, new ShardCount(-1, 0, 0, null))));
    PCollection<KV<String, ShardCount>> seeded = events.getPipeline()
        .apply("SeedBuckets", Create.of(seeds).withCoder(shardCoder));
    return PCollectionList.of(shards).and(seeded)
        .apply("FlattenShards", Flatten.pCollections())
        .apply("GroupShardsByBucket", GroupByKey.create())
        .apply("WriteActiveUsers", ParDo.of(new WriteFn(plan, documents)))
        .setCoder(CacheWriteCoder.of());
  }

  private static final class KeyByShardFn extends DoFn<Event, KV<String, Activity>> {
    private final BucketPlan plan;

    KeyByShardFn(BucketPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element Event event, OutputReceiver<KV<String, Activity>> out) {
      if (!isActivity(event)) {
        return;
      }
      Activity activity = new Activity(event.userId(), event.type().equals("session_start"));
      for (Bucket bucket : plan.bucketsOf(event.at())) {
        out.output(KV.of(bucket.period() + "/" + shardOf(event.userId()), activity));
      }
    }
  }

  /** The sorted distinct users of a shard and its sessions; a set, so reruns see the same ids. */
  static final class ShardUsers implements Serializable {
    final TreeSet<String> users = new TreeSet<>();
    long sessions;

    void addAll(ShardUsers other) {
      users.addAll(other.users);
      sessions += other.sessions;
    }
  }

  /**
   * A shard's users as a count and strings. Combining sends partial sets between steps many times
   * over; as Java serialization of the {@code TreeSet} that was a twelfth of run all's CPU.
   */
  static final class ShardUsersCoder extends CustomCoder<ShardUsers> {
    private static final StringUtf8Coder UID = StringUtf8Coder.of();

    @Override
    public void encode(ShardUsers shard, OutputStream out) throws IOException {
      VarInt.encode(shard.sessions, out);
      VarInt.encode(shard.users.size(), out);
      for (String uid : shard.users) {
        UID.encode(uid, out);
      }
    }

    @Override
    public ShardUsers decode(InputStream in) throws IOException {
      ShardUsers shard = new ShardUsers();
      shard.sessions = VarInt.decodeLong(in);
      int size = VarInt.decodeInt(in);
      for (int i = 0; i < size; i++) {
        shard.users.add(UID.decode(in));
      }
      return shard;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ShardUsersCoder;
    }

    @Override
    public int hashCode() {
      return ShardUsersCoder.class.hashCode();
    }
  }

  private static final class ShardUsersFn extends Combine.CombineFn<Activity, ShardUsers, ShardUsers> {
    @Override
    public ShardUsers createAccumulator() {
      return new ShardUsers();
    }

    @Override
    public ShardUsers addInput(ShardUsers accumulator, Activity activity) {
      accumulator.users.add(activity.uid());
      accumulator.sessions += activity.session() ? 1 : 0;
      return accumulator;
    }

    /**
     * Adds the others into the first. A fresh set for every merge copied the running set each
     * time a partial was added to it, so a month's shard cost its users times its partials.
     */
    @Override
    public ShardUsers mergeAccumulators(Iterable<ShardUsers> accumulators) {
      return MergeIntoFirst.merge(accumulators, ShardUsers::new, ShardUsers::addAll);
    }

    @Override
    public ShardUsers extractOutput(ShardUsers accumulator) {
      return accumulator;
    }

    @Override
    public Coder<ShardUsers> getAccumulatorCoder(CoderRegistry registry, Coder<Activity> input) {
      return new ShardUsersCoder();
    }

    @Override
    public Coder<ShardUsers> getDefaultOutputCoder(CoderRegistry registry, Coder<Activity> input) {
      return new ShardUsersCoder();
    }
  }

  private static final class SketchShardFn extends DoFn<KV<String, ShardUsers>, KV<String, ShardCount>> {
    @ProcessElement
    public void process(@Element KV<String, ShardUsers> shard,
        OutputReceiver<KV<String, ShardCount>> out) {
      int slash = shard.getKey().lastIndexOf('/');
      ShardUsers users = shard.getValue();
      out.output(KV.of(shard.getKey().substring(0, slash), new ShardCount(
          Integer.parseInt(shard.getKey().substring(slash + 1)), users.users.size(),
          users.sessions, ActiveUserSketches.sketch(users.users))));
    }
  }

  private static final class WriteFn extends DoFn<KV<String, Iterable<ShardCount>>, CacheWrite> {
    private final BucketPlan plan;
    private final AnalyticsDocuments documents;

    WriteFn(BucketPlan plan, AnalyticsDocuments documents) {
      this.plan = plan;
      this.documents = documents;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<ShardCount>> bucket,
        OutputReceiver<CacheWrite> out) {
      List<ShardCount> shards = new ArrayList<>();
      bucket.getValue().forEach(shard -> {
        if (shard.shard() >= 0) {
          shards.add(shard);
        }
      });
      shards.sort(Comparator.comparingInt(ShardCount::shard));
      long users = 0;
      long sessions = 0;
      List<byte[]> sketches = new ArrayList<>();
      for (ShardCount shard : shards) {
        users += shard.users();
        sessions += shard.sessions();
        sketches.add(shard.sketch());
      }
      Bucket planned = plan.bucket(bucket.getKey());
      ObjectNode values = documents.values(planned);
      values.put("activeUsers", users);
      values.put("sessions", sessions);
      values.set("sketch", ActiveUserSketches.toJson(ActiveUserSketches.union(sketches)));
      out.output(documents.write(METRIC, planned, values));
    }
  }
}
