package com.avalo.precompute.feeds;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.FeedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Scores each viewer against the blocks it reads and keeps its best {@code maxCandidates}, in feed
 * order. Input: the output of {@link BuildCandidateBlocks}; output: one sorted list per active
 * viewer, empty when nobody is eligible.
 */
public final class RankCandidates
    extends PTransform<PCollectionTuple, PCollection<KV<String, List<RankedCandidate>>>> {
  private final RunContext run;
  private final FeedSettings settings;

  public RankCandidates(RunContext run, FeedSettings settings) {
    this.run = run;
    this.settings = settings;
  }

  @Override
  public PCollection<KV<String, List<RankedCandidate>>> expand(PCollectionTuple blocks) {
    TupleTag<List<FeedProfile>> blockTag = new TupleTag<>() {};
    TupleTag<ViewerRequest> requestTag = new TupleTag<>() {};
    PCollection<KV<String, List<RankedCandidate>>> perBlock =
        KeyedPCollectionTuple.of(blockTag, blocks.get(BuildCandidateBlocks.BLOCK_SHARDS))
            .and(requestTag, blocks.get(BuildCandidateBlocks.REQUESTS))
            .apply("GroupRequestsWithBlocks", CoGroupByKey.create())
            .apply("ScoreBlocksForViewers", ParDo.of(new ScoreBlockFn(
                settings, FeedScore.daySeed(run.asOf()), blockTag, requestTag)))
            .setCoder(FeedCoders.keyed(FeedCoders.RANKED_LIST));

    PCollection<KV<String, List<RankedCandidate>>> everyViewer =
        blocks.get(BuildCandidateBlocks.VIEWERS)
            .apply("StartEveryFeed", ParDo.of(new StartFeedFn()))
            .setCoder(FeedCoders.keyed(FeedCoders.RANKED_LIST));

    return PCollectionList.of(perBlock).and(everyViewer)
        .apply("AllRankings", Flatten.pCollections())
        .apply("KeepBestPerViewer", Combine.perKey(new KeepBestFn(settings.maxCandidates())))
        .setCoder(FeedCoders.keyed(FeedCoders.RANKED_LIST));
  }

  /** An empty ranking for every active viewer, so that each gets a feed. */
  static final class StartFeedFn extends DoFn<String, KV<String, List<RankedCandidate>>> {
    @ProcessElement
    public void process(@Element String uid, OutputReceiver<KV<String, List<RankedCandidate>>> out) {
      out.output(KV.of(uid, List.of()));
    }
  }

  /**
   * For one shard of one block: each viewer's best {@code maxCandidates} of the block, after the
   * eligibility rules and the viewer's exclusions. This loop is where the job's time goes.
   */
  static final class ScoreBlockFn
      extends DoFn<KV<String, CoGbkResult>, KV<String, List<RankedCandidate>>> {
    private final FeedSettings settings;
    private final long daySeed;
    private final TupleTag<List<FeedProfile>> blockTag;
    private final TupleTag<ViewerRequest> requestTag;
    private final Counter compared = Metrics.counter("feeds", "pairs_compared");
    private final Counter eligible = Metrics.counter("feeds", "pairs_eligible");

    ScoreBlockFn(FeedSettings settings, long daySeed, TupleTag<List<FeedProfile>> blockTag,
        TupleTag<ViewerRequest> requestTag) {
      this.settings = settings;
      this.daySeed = daySeed;
      this.blockTag = blockTag;
      this.requestTag = requestTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> shard,
        OutputReceiver<KV<String, List<RankedCandidate>>> out) {
      List<FeedProfile> block = shard.getValue().getOnly(blockTag, List.of());
      if (block.isEmpty()) {
        return;
      }
      long pairs = 0;
      long kept = 0;
      for (ViewerRequest request : shard.getValue().getAll(requestTag)) {
        List<RankedCandidate> best = rank(request, block, settings, daySeed);
        pairs += block.size();
        kept += best.size();
        if (!best.isEmpty()) {
          out.output(KV.of(request.viewer().uid(), best));
        }
      }
      compared.inc(pairs);
      eligible.inc(kept);
    }
  }

  /**
   * A viewer's best {@code settings.maxCandidates()} of some candidates, best first: the pure core
   * of the ranking, used by the pipeline and by tests.
   */
  public static List<RankedCandidate> rank(ViewerRequest request, List<FeedProfile> candidates,
      FeedSettings settings, long daySeed) {
    FeedProfile viewer = request.viewer();
    int limit = settings.maxCandidates();
    PriorityQueue<RankedCandidate> best =
        new PriorityQueue<>(Math.min(limit, 64) + 1, RankedCandidate.BEST_FIRST.reversed());
    for (FeedProfile candidate : candidates) {
      if (candidate.uid().equals(viewer.uid())) {
        continue;
      }
      double distanceKm = FeedEligibility.eligibleDistanceKm(viewer, candidate);
      if (distanceKm < 0 || request.excluded().contains(candidate.uid())) {
        continue;
      }
      List<String> shared = FeedScore.sharedInterests(viewer.interests(), candidate.interests());
      double score = FeedScore.pairScore(candidate.baseScore(), distanceKm, shared.size(),
          request.likedBy().contains(candidate.uid()), settings.ranking());
      RankedCandidate ranked = new RankedCandidate(
          new FeedPage.Candidate(candidate.uid(), candidate.displayName(), candidate.age(),
              candidate.city(), (int) Math.round(distanceKm), candidate.photoCount(), shared, score),
          FeedScore.tiebreak(daySeed, viewer.uid(), candidate.uid()));
      if (best.size() < limit) {
        best.add(ranked);
      } else if (RankedCandidate.BEST_FIRST.compare(ranked, best.peek()) < 0) {
        best.poll();
        best.add(ranked);
      }
    }
    List<RankedCandidate> sorted = new ArrayList<>(best);
    sorted.sort(RankedCandidate.BEST_FIRST);
    return sorted;
  }

  /** Merges a viewer's lists into its best {@code limit}, best first; order-independent. */
  static final class KeepBestFn extends Combine.CombineFn<List<RankedCandidate>,
      List<RankedCandidate>, List<RankedCandidate>> {
    private final int limit;

    KeepBestFn(int limit) {
      this.limit = limit;
    }

    @Override
    public List<RankedCandidate> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<RankedCandidate> addInput(List<RankedCandidate> best, List<RankedCandidate> input) {
      best.addAll(input);
      return best.size() > 2 * limit ? trim(best) : best;
    }

    @Override
    public List<RankedCandidate> mergeAccumulators(Iterable<List<RankedCandidate>> accumulators) {
      List<RankedCandidate> merged = new ArrayList<>();
      for (List<RankedCandidate> accumulator : accumulators) {
        merged.addAll(accumulator);
      }
      return trim(merged);
    }

    @Override
    public List<RankedCandidate> extractOutput(List<RankedCandidate> best) {
      return trim(best);
    }

    @Override
    public Coder<List<RankedCandidate>> getAccumulatorCoder(CoderRegistry registry,
        Coder<List<RankedCandidate>> inputCoder) throws CannotProvideCoderException {
      return FeedCoders.RANKED_LIST;
    }

    @Override
    public Coder<List<RankedCandidate>> getDefaultOutputCoder(CoderRegistry registry,
        Coder<List<RankedCandidate>> inputCoder) throws CannotProvideCoderException {
      return FeedCoders.RANKED_LIST;
    }

    private List<RankedCandidate> trim(List<RankedCandidate> candidates) {
      List<RankedCandidate> sorted = new ArrayList<>(candidates);
      sorted.sort(RankedCandidate.BEST_FIRST);
      return sorted.size() > limit ? new ArrayList<>(sorted.subList(0, limit)) : sorted;
    }
  }
}
