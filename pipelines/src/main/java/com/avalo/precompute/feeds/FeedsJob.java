package com.avalo.precompute.feeds;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceCollection;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The {@code feeds} job: a ranked, paginated discovery feed for every active user, written as
 * {@code feed:{uid}:{page}} documents. It reads as: read users, likes, blocks and matches ->
 * {@link BuildCandidateBlocks} -> {@link RankCandidates} -> {@link PaginateFeeds}; the runner
 * writes the returned cache writes. Who may see whom is {@link FeedEligibility}, the score
 * {@link FeedScore}, the blocking that keeps the work linear {@link CandidateBlocking}, the pages
 * and deletes {@link FeedPages}.
 *
 * <p>Users not active for discovery get no pages and are in nobody's feed; their pages from older
 * runs are deleted by the run's diff with its previous manifest, as any key it no longer writes
 * (or, with no manifest, the fallback read of the store's keys). Likes, blocks
 * and matches created after asOf are ignored, so the feed is the one as of the snapshot time.
 */
public final class FeedsJob implements PrecomputeJob {
  /** The job's name on the command line and in its documents' {@code job} field. */
  public static final String NAME = "feeds";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<FeedsOptions> optionsClass() {
    return FeedsOptions.class;
  }

  /** Checks K, P and the ranking config; throws IllegalArgumentException saying what to fix. */
  @Override
  public void validate(PrecomputeOptions options, RunContext run) {
    FeedSettings.from(options.as(FeedsOptions.class));
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs inputs) {
    FeedSettings settings = FeedSettings.from(inputs.options().as(FeedsOptions.class));
    PCollectionTuple sources = PCollectionTuple
        .of(BuildCandidateBlocks.USERS, inputs.sources().users())
        .and(BuildCandidateBlocks.LIKES, inputs.sources().read(SourceCollection.LIKES))
        .and(BuildCandidateBlocks.BLOCKS, inputs.sources().read(SourceCollection.BLOCKS))
        .and(BuildCandidateBlocks.MATCHES, inputs.sources().read(SourceCollection.MATCHES));
    return feedWrites(sources, inputs.run(), settings, inputs::addDeadLetters);
  }

  /**
   * The job's transforms on sources already read: a tuple tagged as {@link BuildCandidateBlocks}
   * expects. The users left out of feeds as candidates go to {@code deadLetters}.
   */
  public static PCollection<CacheWrite> feedWrites(PCollectionTuple sources, RunContext run,
      FeedSettings settings, Consumer<PCollection<DeadLetter>> deadLetters) {
    PCollectionTuple blocks = sources.apply("BuildCandidateBlocks", new BuildCandidateBlocks(run, settings));
    deadLetters.accept(blocks.get(BuildCandidateBlocks.LEFT_OUT));
    return blocks
        .apply("RankCandidates", new RankCandidates(run, settings))
        .apply("PaginateFeeds", new PaginateFeeds(run, settings));
  }
}
