package com.avalo.precompute.feeds;

import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.BadRecordException;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The naive way, as a per-request backend computes a feed: for each viewer, scan every user, keep
 * the eligible ones, score, sort, cut at K and page. It uses the job's own eligibility and score
 * code on the same world as {@link FeedsBenchMain}, with profiles and interaction sets prepared
 * before the clock starts (a backend would read them from indexed tables), so only the scans are
 * timed. With {@code --sample=M} it times M random viewers and extrapolates to all of them. With
 * {@code --input=DIR} it reads an NDJSON export (the seed's output) instead of generating a world.
 *
 * <pre>FeedsBaselineMain USERS [--seed=S] [--likes=L] [--threads=T] [--sample=M] [--input=DIR]
 *     [--asOf=INSTANT] [--out=FILE]</pre>
 */
public final class FeedsBaselineMain {
  private static final Instant AS_OF = Instant.parse("2026-11-20T12:00:00Z");

  public static void main(String[] args) throws Exception {
    int users = Integer.parseInt(args[0]);
    long seed = 42;
    int likesPerUser = 20;
    int threads = 2;
    int sample = 0;
    Path out = null;
    Path input = null;
    Instant asOf = AS_OF;
    for (String arg : List.of(args).subList(1, args.length)) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (arg.startsWith("--seed=")) {
        seed = Long.parseLong(value);
      } else if (arg.startsWith("--likes=")) {
        likesPerUser = Integer.parseInt(value);
      } else if (arg.startsWith("--threads=")) {
        threads = Integer.parseInt(value);
      } else if (arg.startsWith("--sample=")) {
        sample = Integer.parseInt(value);
      } else if (arg.startsWith("--out=")) {
        out = Path.of(value);
      } else if (arg.startsWith("--input=")) {
        input = Path.of(value);
      } else if (arg.startsWith("--asOf=")) {
        asOf = Instant.parse(value);
      } else {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    Records records = input != null ? Records.export(input)
        : Records.of(new SyntheticWorld(seed, users, asOf, likesPerUser, SyntheticWorld.METROS));
    RunContext run = new RunContext("baseline", asOf, asOf, null, Duration.ofDays(30));
    FeedSettings settings = new FeedSettings(RankingConfig.load(""), 200, 20);
    List<ViewerRequest> viewers = prepare(records, run, settings.ranking());
    List<FeedProfile> everyone = viewers.stream().map(ViewerRequest::viewer).toList();
    List<ViewerRequest> timed = viewers;
    if (sample > 0 && sample < viewers.size()) {
      timed = new ArrayList<>(viewers);
      Collections.shuffle(timed, new Random(seed));
      timed = timed.subList(0, sample);
    }

    long daySeed = FeedScore.daySeed(asOf);
    // Warm the JIT up first, so that a small sample is not mostly compilation.
    for (ViewerRequest request : viewers.subList(0, Math.min(200, viewers.size()))) {
      RankCandidates.rank(request, everyone, settings, daySeed);
    }
    AtomicLong candidates = new AtomicLong();
    List<ViewerRequest> work = timed;
    long started = System.nanoTime();
    ForkJoinPool pool = new ForkJoinPool(threads);
    pool.submit(() -> work.parallelStream().forEach(request -> {
      List<RankedCandidate> feed = RankCandidates.rank(request, everyone, settings, daySeed);
      FeedPages.paginate(request.viewer().uid(), feed, settings.pageSize());
      candidates.addAndGet(feed.size());
    })).get();
    pool.shutdown();
    double seconds = (System.nanoTime() - started) / 1e9;
    double perFeedMs = seconds * 1000 / timed.size();
    double allSeconds = perFeedMs * viewers.size() / 1000;
    String line = String.format("baseline users=%d activeViewers=%d timedViewers=%d threads=%d"
            + " seconds=%.1f msPerFeed=%.2f secondsForAllFeeds=%.1f%s usersPerSecond=%.0f"
            + " meanFeedSize=%.1f",
        users, viewers.size(), timed.size(), threads, seconds, perFeedMs, allSeconds,
        timed.size() < viewers.size() ? " (extrapolated)" : "", users / allSeconds,
        candidates.get() / (double) timed.size());
    System.out.println("BENCH " + line);
    if (out != null) {
      Files.writeString(out, line + System.lineSeparator(), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** The records the baseline reads, streamed so that a big world is never held twice. */
  interface Records {
    void users(Consumer<User> each) throws IOException;

    void interactions(Consumer<Like> likes, Consumer<Block> blocks, Consumer<Match> matches)
        throws IOException;

    static Records of(SyntheticWorld world) {
      return new Records() {
        @Override
        public void users(Consumer<User> each) {
          for (int i = 0; i < world.users; i++) {
            each.accept(world.user(i));
          }
        }

        @Override
        public void interactions(Consumer<Like> likes, Consumer<Block> blocks,
            Consumer<Match> matches) {
          for (int i = 0; i < world.users; i++) {
            world.likesOf(i).forEach(likes);
            world.blocksOf(i).forEach(blocks);
            world.matchesOf(i).forEach(matches);
          }
        }
      };
    }

    /** An NDJSON export, parsed by the job's own parsers; unparseable lines are skipped. */
    static Records export(Path dir) {
      return new Records() {
        @Override
        public void users(Consumer<User> each) throws IOException {
          read(dir, SourceCollection.USERS, each);
        }

        @Override
        public void interactions(Consumer<Like> likes, Consumer<Block> blocks,
            Consumer<Match> matches) throws IOException {
          read(dir, SourceCollection.LIKES, likes);
          read(dir, SourceCollection.BLOCKS, blocks);
          read(dir, SourceCollection.MATCHES, matches);
        }
      };
    }

    private static <T extends SourceRecords.SourceRecord> void read(Path dir,
        SourceCollection<T> collection, Consumer<T> each) throws IOException {
      try (var lines = Files.lines(dir.resolve(collection.fileName()))) {
        for (var it = lines.iterator(); it.hasNext(); ) {
          String line = it.next();
          if (!line.isBlank()) {
            try {
              each.accept(collection.parse(Json.read(line)));
            } catch (BadRecordException | java.io.UncheckedIOException e) {
              // the job dead-letters these; the baseline just leaves them out
            }
          }
        }
      }
    }
  }

  /** Every active user's profile with desirability, exclusions and likers: the backend's tables. */
  static List<ViewerRequest> prepare(Records records, RunContext run, RankingConfig config)
      throws IOException {
    Map<String, UserEdges> edges = new HashMap<>();
    records.interactions(
        like -> addEdges(FeedEdge.of(like, run.asOf()), edges),
        block -> addEdges(FeedEdge.of(block, run.asOf()), edges),
        match -> addEdges(FeedEdge.of(match, run.asOf()), edges));
    List<User> active = new ArrayList<>();
    records.users(user -> {
      if (FeedEligibility.isActiveForDiscovery(user, run)) {
        active.add(user);
      }
    });
    List<ViewerRequest> viewers = new ArrayList<>();
    for (User user : active) {
      UserEdges userEdges = edges.getOrDefault(user.id(), new UserEdges()).distinct();
      FeedProfile profile = FeedProfile.of(user, run.asOf(), config).withLikesReceived(
          userEdges.likesReceived(), userEdges.passesReceived(), config);
      viewers.add(new ViewerRequest(profile, userEdges.excluded(), userEdges.likedBy()));
    }
    return viewers;
  }

  private static void addEdges(List<org.apache.beam.sdk.values.KV<String, FeedEdge>> userEdges,
      Map<String, UserEdges> edges) {
    for (var edge : userEdges) {
      edges.computeIfAbsent(edge.getKey(), k -> new UserEdges()).add(edge.getValue());
    }
  }
}
