package com.avalo.precompute.feeds;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Turns the sources into the work of ranking: every active user's profile put into its candidate
 * blocks, each block cut to its best candidates (see {@link CandidateBlocking}), and every active
 * viewer's request, carrying whom to exclude and who liked them. Input: a tuple of {@link #USERS},
 * {@link #LIKES}, {@link #BLOCKS}, {@link #MATCHES}; output: a tuple of {@link #CANDIDATE_BLOCKS}
 * and {@link #REQUESTS}.
 */
public final class BuildCandidateBlocks extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<User> USERS = new TupleTag<>("users") {};
  public static final TupleTag<Like> LIKES = new TupleTag<>("likes") {};
  public static final TupleTag<Block> BLOCKS = new TupleTag<>("blocks") {};
  public static final TupleTag<Match> MATCHES = new TupleTag<>("matches") {};

  /** Each block's best candidates by base score, keyed by the block. */
  public static final TupleTag<KV<String, List<FeedProfile>>> CANDIDATE_BLOCKS =
      new TupleTag<>("candidateBlocks") {};
  /** Every active user's request for a feed: each gets one, if only an empty one. */
  public static final TupleTag<ViewerRequest> REQUESTS = new TupleTag<>("requests") {};
  /** Users left out of every feed as candidates, their cards too big for a page; with why. */
  public static final TupleTag<DeadLetter> LEFT_OUT = new TupleTag<>("leftOut") {};

  private static final TupleTag<KV<String, FeedProfile>> CANDIDATES = new TupleTag<>("candidates") {};

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
    return PCollectionTuple.of(CANDIDATE_BLOCKS, blocks).and(REQUESTS, placed.get(REQUESTS))
        .and(LEFT_OUT, placed.get(LEFT_OUT));
  }

  /** Each active user with its edges: into its candidate blocks, and as a viewer's request. */
  private PCollectionTuple placeUsers(PCollectionTuple sources) {
    PCollection<KV<String, FeedProfile>> profiles = sources.get(USERS)
        .apply("ProfileActiveUsers", ParDo.of(new ProfileActiveUsersFn(run, settings.ranking())))
        .setCoder(FeedCoders.KEYED_PROFILE);
    PCollection<KV<String, FeedEdge>> edges = PCollectionList
        .of(edges("EdgesOfLikes", sources.get(LIKES), FeedEdge::of))
        .and(edges("EdgesOfBlocks", sources.get(BLOCKS), FeedEdge::of))
        .and(edges("EdgesOfMatches", sources.get(MATCHES), FeedEdge::of))
        .apply("AllEdges", Flatten.pCollections());

    PCollection<KV<String, UserEdges>> edgesByUser = edges
        .apply("SumEdgesPerUser", Combine.perKey(UserEdges.collect()))
        .setCoder(FeedCoders.keyed(UserEdges.coder()));

    TupleTag<FeedProfile> profileTag = new TupleTag<>() {};
    TupleTag<UserEdges> edgesTag = new TupleTag<>() {};
    PCollectionTuple placed = KeyedPCollectionTuple.of(profileTag, profiles)
        .and(edgesTag, edgesByUser)
        .apply("JoinEdgesToProfiles", CoGroupByKey.create())
        .apply("PlaceUsers", ParDo.of(new PlaceUsersFn(settings, profileTag, edgesTag))
            .withOutputTags(CANDIDATES, TupleTagList.of(REQUESTS).and(LEFT_OUT)));
    placed.get(CANDIDATES).setCoder(FeedCoders.KEYED_PROFILE);
    placed.get(REQUESTS).setCoder(FeedCoders.REQUEST);
    placed.get(LEFT_OUT).setCoder(RecordCoder.of(DeadLetter.class));
    return placed;
  }

  private <T> PCollection<KV<String, FeedEdge>> edges(String step, PCollection<T> records,
      EdgesOf<T> of) {
    return records.apply(step, ParDo.of(new EdgesFn<>(run, of)))
        .setCoder(FeedCoders.keyed(FeedCoders.EDGE));
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
   * viewer's request carries whom to exclude and who liked them. A user whose card is too big for
   * a page ({@link FeedPages#fitsAPage}) is in no block, with a dead letter, and still gets a feed.
   */
  static final class PlaceUsersFn extends DoFn<KV<String, CoGbkResult>, KV<String, FeedProfile>> {
    private final RankingConfig config;
    private final int pageSize;
    private final int cardBudget;
    private final TupleTag<FeedProfile> profileTag;
    private final TupleTag<UserEdges> edgesTag;
    private final Counter duplicates = Metrics.counter("feeds", "duplicate_user_ids");
    private final Counter entries = Metrics.counter("feeds", "block_entries");
    private final Counter requests = Metrics.counter("feeds", "viewer_requests");
    private final Counter excludedIds = Metrics.counter("feeds", "request_excluded_ids");
    // Counted with the run's dead letters, by their collection.
    private final Counter leftOut = Metrics.counter("dead_lettered", "users");

    PlaceUsersFn(FeedSettings settings, TupleTag<FeedProfile> profileTag,
        TupleTag<UserEdges> edgesTag) {
      this.config = settings.ranking();
      this.pageSize = settings.pageSize();
      this.cardBudget = FeedPages.cardBudget(settings);
      this.profileTag = profileTag;
      this.edgesTag = edgesTag;
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
      UserEdges edges = user.getValue().getOnly(edgesTag, new UserEdges()).distinct();
      FeedProfile profile = profiles.get(0)
          .withLikesReceived(edges.likesReceived(), edges.passesReceived(), config);
      if (FeedPages.fitsAPage(profile, cardBudget)) {
        for (String block : CandidateBlocking.candidateBlocks(profile, config.blocking())) {
          out.get(CANDIDATES).output(KV.of(block, profile));
          entries.inc();
        }
      } else {
        leftOut.inc();
        out.get(LEFT_OUT).output(DeadLetter.of(FeedsJob.NAME, "users", "users/" + profile.uid(),
            "the feed card of " + ReasonText.quote(profile.uid()) + " takes "
                + FeedPages.widestCardBytes(profile) + " bytes (display name, city and"
                + " interests), more than the " + cardBudget + " bytes each of --feedPageSize="
                + pageSize + " cards may take under the document limit; they are left out of"
                + " every feed, and their own feed is still written", null));
      }
      UidSet excluded = edges.excluded();
      UidSet likedBy = edges.likedBy();
      out.get(REQUESTS).output(new ViewerRequest(profile, excluded, likedBy));
      requests.inc();
      excludedIds.inc(excluded.size() + likedBy.size());
    }
  }

  /** Candidates by base score, then by a per-day hash of their uid (equal ones rotate daily). */
  static final class ByBaseScore implements Comparator<FeedProfile>, Serializable {
    /** The viewer hash of a tie-break that depends on the candidate alone. */
    private static final long NO_VIEWER = FeedScore.hash("");
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
      int byHash = Long.compare(FeedScore.tiebreak(daySeed, NO_VIEWER, b.uidHash()),
          FeedScore.tiebreak(daySeed, NO_VIEWER, a.uidHash()));
      return byHash != 0 ? byHash : b.uid().compareTo(a.uid());
    }
  }
}
