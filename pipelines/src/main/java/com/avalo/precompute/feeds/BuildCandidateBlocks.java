package com.avalo.precompute.feeds;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Turns the sources into the work of ranking: every active user's profile put into its candidate
 * blocks (each cut to its best candidates, copied once per shard of its readers), and every active
 * viewer's requests to the shards of the blocks it reads (see {@link CandidateBlocking}). Input: a tuple of
 * {@link #USERS}, {@link #LIKES}, {@link #BLOCKS}, {@link #MATCHES}; output: a tuple of
 * {@link #BLOCK_SHARDS}, {@link #REQUESTS} and {@link #VIEWERS}.
 */
public final class BuildCandidateBlocks extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<User> USERS = new TupleTag<>("users") {};
  public static final TupleTag<Like> LIKES = new TupleTag<>("likes") {};
  public static final TupleTag<Block> BLOCKS = new TupleTag<>("blocks") {};
  public static final TupleTag<Match> MATCHES = new TupleTag<>("matches") {};

  /** A block's best candidates, keyed by each shard that reads the block. */
  public static final TupleTag<KV<String, List<FeedProfile>>> BLOCK_SHARDS =
      new TupleTag<>("blockShards") {};
  /** A viewer's request to one shard, keyed by the shard. */
  public static final TupleTag<KV<String, ViewerRequest>> REQUESTS = new TupleTag<>("requests") {};
  /** Every active user's uid: each gets a feed, if only an empty one. */
  public static final TupleTag<String> VIEWERS = new TupleTag<>("viewers") {};

  private static final TupleTag<KV<String, FeedProfile>> CANDIDATES = new TupleTag<>("candidates") {};
  private static final TupleTag<KV<String, ViewerRequest>> REQUESTS_BY_BLOCK =
      new TupleTag<>("requestsByBlock") {};

  private final RunContext run;
  private final FeedSettings settings;

  public BuildCandidateBlocks(RunContext run, FeedSettings settings) {
    this.run = run;
    this.settings = settings;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple sources) {
    PCollectionTuple placed = placeUsers(sources);
    PCollection<KV<String, List<FeedProfile>>> blocks = placed.get(CANDIDATES)
        .apply("KeepBestPerBlock", Top.perKey(settings.ranking().blocking().maxCandidatesPerBlock(),
            new ByBaseScore(FeedScore.daySeed(run.asOf()))))
        .setCoder(FeedCoders.keyed(FeedCoders.PROFILES));
    return shard(blocks, placed.get(REQUESTS_BY_BLOCK)).and(VIEWERS, placed.get(VIEWERS));
  }

  /** Each active user with its edges: into its candidate blocks, and as requests to those it reads. */
  private PCollectionTuple placeUsers(PCollectionTuple sources) {
    PCollection<KV<String, FeedProfile>> profiles = sources.get(USERS)
        .apply("ProfileActiveUsers", ParDo.of(new ProfileActiveUsersFn(run, settings.ranking())))
        .setCoder(FeedCoders.KEYED_PROFILE);
    PCollection<KV<String, FeedEdge>> edges = PCollectionList
        .of(edges("EdgesOfLikes", sources.get(LIKES), FeedEdge::of))
        .and(edges("EdgesOfBlocks", sources.get(BLOCKS), FeedEdge::of))
        .and(edges("EdgesOfMatches", sources.get(MATCHES), FeedEdge::of))
        .apply("AllEdges", Flatten.pCollections());

    TupleTag<FeedProfile> profileTag = new TupleTag<>() {};
    TupleTag<FeedEdge> edgeTag = new TupleTag<>() {};
    PCollectionTuple placed = KeyedPCollectionTuple.of(profileTag, profiles).and(edgeTag, edges)
        .apply("GroupEdgesByUser", CoGroupByKey.create())
        .apply("PlaceUsers", ParDo.of(new PlaceUsersFn(settings.ranking(), profileTag, edgeTag))
            .withOutputTags(CANDIDATES, TupleTagList.of(REQUESTS_BY_BLOCK).and(VIEWERS)));
    placed.get(CANDIDATES).setCoder(FeedCoders.KEYED_PROFILE);
    placed.get(REQUESTS_BY_BLOCK).setCoder(FeedCoders.keyed(FeedCoders.REQUEST));
    placed.get(VIEWERS).setCoder(StringUtf8Coder.of());
    return placed;
  }

  private <T> PCollection<KV<String, FeedEdge>> edges(String step, PCollection<T> records,
      EdgesOf<T> of) {
    return records.apply(step, ParDo.of(new EdgesFn<>(run, of)))
        .setCoder(FeedCoders.keyed(FeedCoders.EDGE));
  }

  /**
   * Splits blocks and their requests into shards: how many viewers read a block decides how many
   * shards it has; the few hot blocks' shard counts reach the requests as a side input, every other
   * block is one shard, copied once.
   */
  private PCollectionTuple shard(PCollection<KV<String, List<FeedProfile>>> blocks,
      PCollection<KV<String, ViewerRequest>> requestsByBlock) {
    int viewersPerShard = settings.ranking().blocking().viewersPerShard();
    PCollection<KV<String, Long>> readers = requestsByBlock
        .apply("BlocksRead", Keys.create())
        .apply("CountViewersPerBlock", Count.perElement());
    PCollectionView<Map<String, Integer>> hotBlocks = readers
        .apply("FindHotBlocks", ParDo.of(new HotBlocksFn(viewersPerShard)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()))
        .apply("HotBlockShards", View.asMap());
    PCollection<KV<String, ViewerRequest>> requests = requestsByBlock
        .apply("ShardRequests", ParDo.of(new ShardRequestsFn(hotBlocks)).withSideInputs(hotBlocks))
        .setCoder(FeedCoders.keyed(FeedCoders.REQUEST));

    TupleTag<List<FeedProfile>> blockTag = new TupleTag<>() {};
    TupleTag<Long> readersTag = new TupleTag<>() {};
    PCollection<KV<String, List<FeedProfile>>> blockShards =
        KeyedPCollectionTuple.of(blockTag, blocks).and(readersTag, readers)
            .apply("GroupReadersByBlock", CoGroupByKey.create())
            .apply("CopyBlocksToShards",
                ParDo.of(new CopyToShardsFn(blockTag, readersTag, viewersPerShard)))
            .setCoder(FeedCoders.keyed(FeedCoders.PROFILES));
    return PCollectionTuple.of(BLOCK_SHARDS, blockShards).and(REQUESTS, requests);
  }

  /** Profiles of the users active for discovery, keyed by uid. */
  static final class ProfileActiveUsersFn extends DoFn<User, KV<String, FeedProfile>> {
    private final RunContext run;
    private final RankingConfig config;
    private final Counter inactive = Metrics.counter("feeds", "users_not_active");

    ProfileActiveUsersFn(RunContext run, RankingConfig config) {
      this.run = run;
      this.config = config;
    }

    @ProcessElement
    public void process(@Element User user, OutputReceiver<KV<String, FeedProfile>> out) {
      if (FeedEligibility.isActiveForDiscovery(user, run)) {
        out.output(KV.of(user.id(), FeedProfile.of(user, run.asOf(), config)));
      } else {
        inactive.inc();
      }
    }
  }

  /** How a source record becomes feed edges. */
  interface EdgesOf<T> extends Serializable {
    List<KV<String, FeedEdge>> edges(T record, java.time.Instant asOf);
  }

  static final class EdgesFn<T> extends DoFn<T, KV<String, FeedEdge>> {
    private final RunContext run;
    private final EdgesOf<T> edgesOf;

    EdgesFn(RunContext run, EdgesOf<T> edgesOf) {
      this.run = run;
      this.edgesOf = edgesOf;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<KV<String, FeedEdge>> out) {
      edgesOf.edges(record, run.asOf()).forEach(out::output);
    }
  }

  /**
   * With a user's edges: the profile with its desirability goes into its candidate blocks, and the
   * viewer's requests, carrying whom to exclude and who liked them, go to the shards it reads.
   */
  static final class PlaceUsersFn extends DoFn<KV<String, CoGbkResult>, KV<String, FeedProfile>> {
    private final RankingConfig config;
    private final TupleTag<FeedProfile> profileTag;
    private final TupleTag<FeedEdge> edgeTag;
    private final Counter duplicates = Metrics.counter("feeds", "duplicate_user_ids");
    private final Counter entries = Metrics.counter("feeds", "block_entries");
    private final Counter requests = Metrics.counter("feeds", "viewer_requests");
    private final Counter excludedIds = Metrics.counter("feeds", "request_excluded_ids");

    PlaceUsersFn(RankingConfig config, TupleTag<FeedProfile> profileTag, TupleTag<FeedEdge> edgeTag) {
      this.config = config;
      this.profileTag = profileTag;
      this.edgeTag = edgeTag;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> user, MultiOutputReceiver out) {
      List<FeedProfile> profiles = new ArrayList<>();
      user.getValue().getAll(profileTag).forEach(profiles::add);
      if (profiles.isEmpty()) {
        return;  // not active, or edges of a user we do not have
      }
      if (profiles.size() > 1) {
        duplicates.inc();  // keep one, the same one on every run and runner
        profiles.sort(Comparator.comparing(FeedProfile::toString));
      }
      Set<String> excluded = new HashSet<>();
      Set<String> likedBy = new HashSet<>();
      Set<String> passedBy = new HashSet<>();
      for (FeedEdge edge : user.getValue().getAll(edgeTag)) {
        switch (edge.kind()) {
          case EXCLUDED -> excluded.add(edge.other());
          case LIKED_BY -> likedBy.add(edge.other());
          case PASSED_BY -> passedBy.add(edge.other());
        }
      }
      FeedProfile profile =
          profiles.get(0).withLikesReceived(likedBy.size(), passedBy.size(), config);
      for (String block : CandidateBlocking.candidateBlocks(profile, config.blocking())) {
        out.get(CANDIDATES).output(KV.of(block, profile));
        entries.inc();
      }
      ViewerRequest request = new ViewerRequest(profile, UidSet.of(excluded), UidSet.of(likedBy));
      for (String block : CandidateBlocking.viewerBlocks(profile, config.blocking())) {
        out.get(REQUESTS_BY_BLOCK).output(KV.of(block, request));
        requests.inc();
        excludedIds.inc(excluded.size() + likedBy.size());
      }
      out.get(VIEWERS).output(profile.uid());
    }
  }

  /** Candidates by base score, then by a per-day hash of their uid (equal ones rotate daily). */
  static final class ByBaseScore implements Comparator<FeedProfile>, Serializable {
    private final long daySeed;

    ByBaseScore(long daySeed) {
      this.daySeed = daySeed;
    }

    @Override
    public int compare(FeedProfile a, FeedProfile b) {
      int byScore = Double.compare(a.baseScore(), b.baseScore());
      if (byScore != 0) {
        return byScore;
      }
      // Lower hash ranks higher, as in the feed's own tie-break; the uid settles the rest.
      int byHash = Long.compare(FeedScore.tiebreak(daySeed, "", b.uid()),
          FeedScore.tiebreak(daySeed, "", a.uid()));
      return byHash != 0 ? byHash : b.uid().compareTo(a.uid());
    }
  }

  /** The shard count of each block read by more than one shard of viewers. */
  static final class HotBlocksFn extends DoFn<KV<String, Long>, KV<String, Integer>> {
    private final int viewersPerShard;

    HotBlocksFn(int viewersPerShard) {
      this.viewersPerShard = viewersPerShard;
    }

    @ProcessElement
    public void process(@Element KV<String, Long> block, OutputReceiver<KV<String, Integer>> out) {
      int shards = CandidateBlocking.shardsFor(block.getValue(), viewersPerShard);
      if (shards > 1) {
        out.output(KV.of(block.getKey(), shards));
      }
    }
  }

  /** A viewer's request, keyed by the shard of the block it reads. */
  static final class ShardRequestsFn extends DoFn<KV<String, ViewerRequest>, KV<String, ViewerRequest>> {
    private final PCollectionView<Map<String, Integer>> hotBlocks;

    ShardRequestsFn(PCollectionView<Map<String, Integer>> hotBlocks) {
      this.hotBlocks = hotBlocks;
    }

    @ProcessElement
    public void process(@Element KV<String, ViewerRequest> request, ProcessContext context) {
      int shards = context.sideInput(hotBlocks).getOrDefault(request.getKey(), 1);
      int shard = CandidateBlocking.shardOf(request.getValue().viewer().uid(), shards);
      context.output(KV.of(CandidateBlocking.shardKey(request.getKey(), shard), request.getValue()));
    }
  }

  /** A block's list, once for each of its shards; blocks nobody reads are dropped. */
  static final class CopyToShardsFn
      extends DoFn<KV<String, CoGbkResult>, KV<String, List<FeedProfile>>> {
    private final TupleTag<List<FeedProfile>> blockTag;
    private final TupleTag<Long> readersTag;
    private final int viewersPerShard;
    private final Counter copies = Metrics.counter("feeds", "block_copies");
    private final Counter copiedProfiles = Metrics.counter("feeds", "block_copy_profiles");

    CopyToShardsFn(TupleTag<List<FeedProfile>> blockTag, TupleTag<Long> readersTag,
        int viewersPerShard) {
      this.blockTag = blockTag;
      this.readersTag = readersTag;
      this.viewersPerShard = viewersPerShard;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> block,
        OutputReceiver<KV<String, List<FeedProfile>>> out) {
      List<FeedProfile> candidates = block.getValue().getOnly(blockTag, null);
      Long readers = block.getValue().getOnly(readersTag, null);
      if (candidates == null || readers == null) {
        return;  // a block nobody is in, or nobody reads
      }
      int shards = CandidateBlocking.shardsFor(readers, viewersPerShard);
      for (int shard = 0; shard < shards; shard++) {
        out.output(KV.of(CandidateBlocking.shardKey(block.getKey(), shard), candidates));
      }
      copies.inc(shards);
      copiedProfiles.inc((long) shards * candidates.size());
    }
  }
}
