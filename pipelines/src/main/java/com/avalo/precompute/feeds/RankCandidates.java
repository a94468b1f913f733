package com.avalo.precompute.feeds;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.ViewPerWindow;
import com.avalo.precompute.schemas.FeedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Scores each viewer against the blocks it reads and keeps its best {@code maxCandidates}, in feed
 * order. Input: the output of {@link BuildCandidateBlocks}; output: one sorted list per active
 * viewer, empty when nobody is eligible.
 *
 * <p>The capped blocks are few and small (at 100,000 users, 154,000 entries in 9,200 blocks), so
 * they reach every worker whole, as a side input, and each viewer is ranked once, against all its
 * blocks at once: nothing about a viewer is shuffled, and no per-block partial list is merged.
 *
 * <p>The view holds each block as slices of at most {@link #SLICE} candidates: Flink's DataStream
 * translation gathers a side input through a sort in which one record, the partial list of a
 * bundle (5,000 elements in batch, the runner's default), must fit one sort buffer, which 5,000
 * whole blocks of up to 300 candidates far exceed. That buffer is a share of the slot's managed
 * memory: about 17 MiB with the embedded 2 GiB when slices were 25, then 11 MiB once a run had a
 * dozen more steps that sort, when 5,000 slices of 25 profiles (about 130 bytes each: 16 MB) no
 * longer fit and a 1M-user {@code run all} failed (bench/scale/RESULTS.md, stop 59). Slices of 8
 * keep a bundle's list near 5 MB, half of that.
 * The ranking does not depend on the order of blocks or candidates, so the slices need no order.
 */
public final class RankCandidates
    extends PTransform<PCollectionTuple, PCollection<KV<String, List<RankedCandidate>>>> {
  static final int SLICE = 8;

  private final RunContext run;
  private final FeedSettings settings;

  public RankCandidates(RunContext run, FeedSettings settings) {
    this.run = run;
    this.settings = settings;
  }

  @Override
  public PCollection<KV<String, List<RankedCandidate>>> expand(PCollectionTuple blocks) {
    PCollection<KV<String, List<FeedProfile>>> whole =
        blocks.get(BuildCandidateBlocks.CANDIDATE_BLOCKS);
    PCollectionView<Map<String, Iterable<List<FeedProfile>>>> byKey = whole
        .apply("SliceBlocks", ParDo.of(new SliceBlocksFn()))
        .setCoder(whole.getCoder())
        .apply("BlocksByKey", View.asMultimap());
    return blocks.get(BuildCandidateBlocks.REQUESTS)
        .apply("RankEachViewer", ParDo.of(
            new RankViewerFn(settings, FeedScore.daySeed(run.asOf()), byKey)).withSideInputs(byKey))
        .setCoder(FeedCoders.keyed(FeedCoders.RANKED_LIST));
  }

  /** Cuts each block into slices of at most {@link #SLICE} candidates, under the block's key. */
  static final class SliceBlocksFn
      extends DoFn<KV<String, List<FeedProfile>>, KV<String, List<FeedProfile>>> {
    @ProcessElement
    public void process(@Element KV<String, List<FeedProfile>> block,
        OutputReceiver<KV<String, List<FeedProfile>>> out) {
      for (List<FeedProfile> slice : slices(block.getValue())) {
        out.output(KV.of(block.getKey(), slice));
      }
    }
  }

  /** A block's candidates in consecutive slices of at most {@link #SLICE}. */
  static List<List<FeedProfile>> slices(List<FeedProfile> candidates) {
    List<List<FeedProfile>> slices = new ArrayList<>();
    for (int from = 0; from < candidates.size(); from += SLICE) {
      slices.add(List.copyOf(candidates.subList(from, Math.min(from + SLICE, candidates.size()))));
    }
    return slices;
  }

  /**
   * For one viewer: its best {@code maxCandidates} of the blocks it reads, after the eligibility
   * rules and the viewer's exclusions. This loop is where the job's time goes.
   */
  static final class RankViewerFn extends DoFn<ViewerRequest, KV<String, List<RankedCandidate>>> {
    private final FeedSettings settings;
    private final long daySeed;
    private final ViewPerWindow<Map<String, Iterable<List<FeedProfile>>>> byKey;
    private final Counter reads = Metrics.counter("feeds", "blocks_read");
    private final Counter compared = Metrics.counter("feeds", "pairs_compared");
    private final Counter eligible = Metrics.counter("feeds", "pairs_eligible");
    RankViewerFn(FeedSettings settings, long daySeed,
        PCollectionView<Map<String, Iterable<List<FeedProfile>>>> byKey) {
      this.settings = settings;
      this.daySeed = daySeed;
      this.byKey = new ViewPerWindow<>(byKey);
    }

    @ProcessElement
    public void process(@Element ViewerRequest request, ProcessContext context,
        BoundedWindow window) {
      Map<String, Iterable<List<FeedProfile>>> blocksByKey = byKey.get(context, window);
      List<List<FeedProfile>> read = new ArrayList<>();
      long pairs = 0;
      int blocksRead = 0;
      for (String key :
          CandidateBlocking.viewerBlocks(request.viewer(), settings.ranking().blocking())) {
        Iterable<List<FeedProfile>> slices = blocksByKey.get(key);
        if (slices != null) {
          blocksRead++;
          for (List<FeedProfile> slice : slices) {
            read.add(slice);
            pairs += slice.size();
          }
        }
      }
      List<RankedCandidate> best = rankBlocks(request, read, settings, daySeed);
      reads.inc(blocksRead);
      compared.inc(pairs);
      eligible.inc(best.size());
      context.output(KV.of(request.viewer().uid(), best));
    }
  }

  /**
   * A viewer's best {@code settings.maxCandidates()} of some candidates, best first: the pure core
   * of the ranking, used by the pipeline and by tests.
   */
  public static List<RankedCandidate> rank(ViewerRequest request, List<FeedProfile> candidates,
      FeedSettings settings, long daySeed) {
    return rankBlocks(request, List.of(candidates), settings, daySeed);
  }

  /**
   * A viewer's best of the candidates of several blocks, best first. The order is total (score,
   * tie-break, uid), so the result does not depend on the order of the blocks or within them.
   */
  static List<RankedCandidate> rankBlocks(ViewerRequest request, List<List<FeedProfile>> blocks,
      FeedSettings settings, long daySeed) {
    FeedProfile viewer = request.viewer();
    int limit = settings.maxCandidates();
    PriorityQueue<RankedCandidate> best =
        new PriorityQueue<>(Math.min(limit, 64) + 1, RankedCandidate.BEST_FIRST.reversed());
    for (List<FeedProfile> candidates : blocks) {
      for (FeedProfile candidate : candidates) {
        if (candidate.uid().equals(viewer.uid())) {
          continue;
        }
        double distanceKm = FeedEligibility.eligibleDistanceKm(viewer, candidate);
        if (distanceKm < 0 || request.excluded().containsHash(candidate.uidHash())) {
          continue;
        }
        double score = FeedScore.pairScore(candidate.baseScore(), distanceKm,
            FeedScore.sharedInterestCount(viewer.interests(), candidate.interests()),
            request.likedBy().containsHash(candidate.uidHash()), settings.ranking());
        long tiebreak = FeedScore.tiebreak(daySeed, viewer.uidHash(), candidate.uidHash());
        // Most eligible candidates lose to the kept ones: build a card only for those that win.
        if (best.size() >= limit && !beats(score, tiebreak, candidate.uid(), best.peek())) {
          continue;
        }
        best.add(card(viewer, candidate, distanceKm, score, tiebreak));
        if (best.size() > limit) {
          best.poll();
        }
      }
    }
    List<RankedCandidate> sorted = new ArrayList<>(best);
    sorted.sort(RankedCandidate.BEST_FIRST);
    return sorted;
  }

  /** Whether a candidate so scored goes before {@code kept} in {@link RankedCandidate#BEST_FIRST}. */
  private static boolean beats(double score, long tiebreak, String uid, RankedCandidate kept) {
    int byScore = Double.compare(kept.card().score(), score);
    if (byScore != 0) {
      return byScore < 0;
    }
    int byTiebreak = Long.compare(tiebreak, kept.tiebreak());
    return byTiebreak != 0 ? byTiebreak < 0 : uid.compareTo(kept.card().uid()) < 0;
  }

  /** The candidate's card for this viewer. */
  private static RankedCandidate card(FeedProfile viewer, FeedProfile candidate, double distanceKm,
      double score, long tiebreak) {
    List<String> shared = FeedScore.sharedInterests(viewer.interests(), candidate.interests());
    return new RankedCandidate(
        new FeedPage.Candidate(candidate.uid(), candidate.displayName(), candidate.age(),
            candidate.city(), (int) Math.round(distanceKm), candidate.photoCount(), shared, score),
        tiebreak);
  }
}
