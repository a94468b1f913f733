package com.avalo.precompute.feeds;

import static org.junit.Assert.assertNull;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Runs the feed transforms on in-memory records and collects what they write. The collector is a
 * static map keyed by a run token, which works for the DirectRunner and for Flink's embedded
 * cluster alike, because both run the pipeline inside the test's JVM.
 */
final class FeedRuns {
  private static final Map<String, Queue<CacheWrite>> SINKS = new ConcurrentHashMap<>();

  private FeedRuns() {}

  /** What one run wrote: pages by key, deleted keys. */
  record Output(Map<String, FeedPage> pages, Set<String> deletes) {
    /** Page 0 of a user's feed, or null when none was written. */
    FeedPage first(String uid) {
      return pages.get("feed:" + uid + ":0");
    }

    /** Candidates of all pages in order; asserts the pages the first one promises exist. */
    List<FeedPage.Candidate> feed(String uid) {
      List<FeedPage.Candidate> all = new ArrayList<>();
      FeedPage first = first(uid);
      for (int p = 0; first != null && p < first.pageCount(); p++) {
        all.addAll(pages.get("feed:" + uid + ":" + p).candidates());
      }
      return all;
    }

    List<String> uids(String uid) {
      return feed(uid).stream().map(FeedPage.Candidate::uid).toList();
    }

    /** Users who got a page 0. */
    Set<String> viewers() {
      Set<String> viewers = new TreeSet<>();
      for (FeedPage page : pages.values()) {
        viewers.add(page.uid());
      }
      return viewers;
    }
  }

  /** The sources of a world as the tuple {@link BuildCandidateBlocks} reads. */
  static PCollectionTuple sources(Pipeline pipeline, List<User> users, List<Like> likes,
      List<Block> blocks, List<Match> matches) {
    return PCollectionTuple
        .of(BuildCandidateBlocks.USERS,
            pipeline.apply("Users", Create.of(users).withCoder(SerializableCoder.of(User.class))))
        .and(BuildCandidateBlocks.LIKES,
            pipeline.apply("Likes", Create.of(likes).withCoder(SerializableCoder.of(Like.class))))
        .and(BuildCandidateBlocks.BLOCKS,
            pipeline.apply("Blocks", Create.of(blocks).withCoder(SerializableCoder.of(Block.class))))
        .and(BuildCandidateBlocks.MATCHES,
            pipeline.apply("Matches", Create.of(matches).withCoder(SerializableCoder.of(Match.class))));
  }

  static Output run(PipelineOptions options, SyntheticWorld world, RunContext run,
      FeedSettings settings) {
    return run(options, world.allUsers(), world.allLikes(), world.allBlocks(), world.allMatches(),
        run, settings);
  }

  static Output run(PipelineOptions options, List<User> users, List<Like> likes, List<Block> blocks,
      List<Match> matches, RunContext run, FeedSettings settings) {
    Pipeline pipeline = Pipeline.create(options);
    PCollection<CacheWrite> writes = FeedsJob.feedWrites(
        sources(pipeline, users, likes, blocks, matches), run, settings, letters -> { });
    return collect(pipeline, writes);
  }

  /** Runs the pipeline to the end and returns what {@code writes} held. */
  static Output collect(Pipeline pipeline, PCollection<CacheWrite> writes) {
    String token = UUID.randomUUID().toString();
    SINKS.put(token, new ConcurrentLinkedQueue<>());
    writes.apply("Collect", ParDo.of(new CollectFn(token)));
    PipelineResult.State state = pipeline.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new AssertionError("pipeline ended " + state);
    }
    Map<String, FeedPage> pages = new TreeMap<>();
    Set<String> deletes = new TreeSet<>();
    for (CacheWrite write : SINKS.remove(token)) {
      if (write.isDelete()) {
        assertNull("deleted twice: " + write.key(), deletes.add(write.key()) ? null : write.key());
      } else {
        FeedPage page = write.document().payloadAs(FeedPage.class);
        assertNull("written twice: " + write.key(), pages.put(write.key(), page));
      }
    }
    for (String key : deletes) {
      assertNull("written and deleted: " + key, pages.get(key));
    }
    return new Output(pages, deletes);
  }

  private static final class CollectFn extends DoFn<CacheWrite, Void> {
    private final String token;

    CollectFn(String token) {
      this.token = token;
    }

    @ProcessElement
    public void process(@Element CacheWrite write) {
      SINKS.get(token).add(write);
    }
  }
}
