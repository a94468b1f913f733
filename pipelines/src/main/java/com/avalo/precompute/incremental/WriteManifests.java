package com.avalo.precompute.incremental;

import com.avalo.precompute.incremental.DocumentDiff.Action;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes each job's manifest: its stamps as gzip'd NDJSON shards, then, as the pipeline's last
 * step, once every write of the run is done ({@link Wait#on}) and the store's marks of its jobs
 * are checked for a run that wrote them meanwhile ({@code markOverlapped}), each job's header and
 * the index's record of how the run ended. The commit runs inside the pipeline, so it holds on a
 * runner whose launcher does not wait for the end. A run whose store refused any write records its
 * jobs as {@link ManifestRecord.Status#FAILED}: their manifests cannot vouch for the store.
 */
final class WriteManifests extends PTransform<PCollection<DocumentStamp>, PCollection<Void>> {
  private final IncrementalRun plan;
  private final Instant asOf;
  private final Instant computedAt;
  private final transient PCollection<DeadLetter> refused;
  private final transient PCollection<String> decisions;
  private final transient PTransform<PCollection<String>, PCollection<String>> markOverlapped;

  /**
   * @param refused the store's refused writes: complete only when every write is done
   * @param decisions the diff's {@code JOB/ACTION} elements, for the per-job counts
   * @param markOverlapped the store's check of its marks after the writes
   *     ({@link com.avalo.precompute.store.StoreWriter#markOverlappedJobs})
   */
  WriteManifests(IncrementalRun plan, Instant asOf, Instant computedAt,
      PCollection<DeadLetter> refused, PCollection<String> decisions,
      PTransform<PCollection<String>, PCollection<String>> markOverlapped) {
    this.plan = plan;
    this.asOf = asOf;
    this.computedAt = computedAt;
    this.refused = refused;
    this.decisions = decisions;
    this.markOverlapped = markOverlapped;
  }

  @Override
  public PCollection<Void> expand(PCollection<DocumentStamp> stamps) {
    List<String> jobs = List.copyOf(plan.previous().keySet());
    PCollectionList<DocumentStamp> byJob = stamps.apply("SplitByJob",
        Partition.of(jobs.size(), (DocumentStamp stamp, int count) -> indexOf(jobs, stamp)));
    List<PCollection<KV<String, ManifestHeader.Shard>>> shards = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      String job = jobs.get(i);
      shards.add(byJob.get(i)
          .apply("ToJson " + job, MapElements.into(TypeDescriptors.strings()).via(Json::write))
          .apply("WriteShards " + job, TextIO.write()
              .to(ManifestFiles.join(plan.manifestDirectory(job), "stamps"))
              .withSuffix(".ndjson").withCompression(Compression.GZIP).withOutputFilenames())
          .getPerDestinationOutputFilenames()
          .apply("ShardFiles " + job, Values.create())
          .apply("DescribeShards " + job, ParDo.of(new DescribeShardFn(job)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ManifestHeader.Shard.class))));
    }
    PCollection<KV<String, ManifestHeader.Shard>> allShards = PCollectionList.of(shards)
        .apply("AllShards", Flatten.pCollections());
    PCollectionView<Map<String, Iterable<ManifestHeader.Shard>>> shardView =
        allShards.apply("ShardsByJob", View.asMultimap());
    PCollectionView<Long> refusedCount = refused.apply("CountRefused", Count.globally())
        .apply("RefusedView", View.asSingleton());
    PCollectionView<Map<String, Long>> decisionCounts = decisions
        .apply("CountDecisions", Count.perElement()).apply("DecisionsView", View.asMap());
    // The commit's own (empty) output: complete once the manifests are committed.
    return stamps.getPipeline()
        .apply("CommitTrigger", Create.of("commit"))
        .apply("AfterWrites", Wait.on(refused, allShards))
        .apply("MarkOverlappedJobs", markOverlapped)
        .apply("CommitManifests", ParDo.of(new CommitFn(plan, asOf, computedAt, shardView,
            refusedCount, decisionCounts)).withSideInputs(shardView, refusedCount, decisionCounts))
        .setCoder(VoidCoder.of());
  }

  private static int indexOf(List<String> jobs, DocumentStamp stamp) {
    int index = jobs.indexOf(stamp.job());
    if (index < 0) {
      throw new IllegalStateException(stamp.key() + " is stamped with job '" + stamp.job()
          + "', which is not a job of this run " + jobs);
    }
    return index;
  }

  /** The size, checksum and key count of one written shard. */
  static final class DescribeShardFn extends DoFn<String, KV<String, ManifestHeader.Shard>> {
    private final String job;

    DescribeShardFn(String job) {
      this.job = job;
    }

    @ProcessElement
    public void process(@Element String path, OutputReceiver<KV<String, ManifestHeader.Shard>> out) {
      long[] keys = {0};
      ManifestFiles.forEachGzipLine(path, line -> keys[0]++);
      String file = path.substring(path.lastIndexOf('/') + 1);
      out.output(KV.of(job, new ManifestHeader.Shard(file, ManifestFiles.size(path).orElseThrow(),
          ManifestFiles.sha256(path), keys[0])));
    }
  }

  /** Writes each job's header, then records the run's end in the index. */
  static final class CommitFn extends DoFn<String, Void> {
    private final IncrementalRun plan;
    private final Instant asOf;
    private final Instant computedAt;
    private final PCollectionView<Map<String, Iterable<ManifestHeader.Shard>>> shardView;
    private final PCollectionView<Long> refusedCount;
    private final PCollectionView<Map<String, Long>> decisionCounts;

    CommitFn(IncrementalRun plan, Instant asOf, Instant computedAt,
        PCollectionView<Map<String, Iterable<ManifestHeader.Shard>>> shardView,
        PCollectionView<Long> refusedCount, PCollectionView<Map<String, Long>> decisionCounts) {
      this.plan = plan;
      this.asOf = asOf;
      this.computedAt = computedAt;
      this.shardView = shardView;
      this.refusedCount = refusedCount;
      this.decisionCounts = decisionCounts;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      Map<String, Iterable<ManifestHeader.Shard>> shardsByJob = context.sideInput(shardView);
      Map<String, Long> decided = context.sideInput(decisionCounts);
      ManifestRecord.Status status = context.sideInput(refusedCount) > 0
          ? ManifestRecord.Status.FAILED : ManifestRecord.Status.COMMITTED;
      List<ManifestRecord> ended = new ArrayList<>();
      for (ManifestRecord started : plan.started(asOf, computedAt)) {
        String job = started.job();
        List<ManifestHeader.Shard> shards = new ArrayList<>();
        shardsByJob.getOrDefault(job, List.of()).forEach(shards::add);
        shards.sort(Comparator.comparing(ManifestHeader.Shard::file));
        long keys = shards.stream().mapToLong(ManifestHeader.Shard::keys).sum();
        ManifestFiles.writeReplacing(plan.manifestHeader(job), new ManifestHeader(
            ManifestHeader.FORMAT, job, plan.store(), plan.runId(), asOf, computedAt, keys,
            shards).toJson());
        ended.add(started.ended(status, new ManifestRecord.Counts(
            decided.getOrDefault(DiffWithPrevious.decision(job, Action.PUT), 0L),
            decided.getOrDefault(DiffWithPrevious.decision(job, Action.SKIP), 0L),
            decided.getOrDefault(DiffWithPrevious.decision(job, Action.DELETE), 0L), keys)));
      }
      plan.index().recordEnded(ended);
    }
  }
}
