package com.avalo.precompute.cli;

import com.avalo.precompute.analytics.AnalyticsJob;
import com.avalo.precompute.analytics.AnalyticsOptions;
import com.avalo.precompute.chats.ChatsJob;
import com.avalo.precompute.counts.CountsJob;
import com.avalo.precompute.feeds.FeedsJob;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.matches.MatchListsJob;
import com.avalo.precompute.profiles.ProfilesJob;
import com.avalo.precompute.userstats.UserStatsJob;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every job there is, by name, in the order {@code all} runs them: the one list of jobs. The
 * commands' help lists their names from here ({@link Names}, {@link Backfillable}).
 */
public final class Jobs {
  private static final Map<String, PrecomputeJob> BY_NAME = new LinkedHashMap<>();

  static {
    for (PrecomputeJob job : List.<PrecomputeJob>of(new ProfilesJob(), new UserStatsJob(),
        new MatchListsJob(), new CountsJob(), new FeedsJob(), new ChatsJob(), new AnalyticsJob())) {
      BY_NAME.put(job.name(), job);
    }
  }

  private Jobs() {}

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** Every job, in the order {@code all} runs them. */
  public static List<PrecomputeJob> all() {
    return List.copyOf(BY_NAME.values());
  }

  /**
   * The jobs named, {@code all} meaning every job.
   *
   * @throws IllegalArgumentException naming the unknown job and the known ones
   */
  public static List<PrecomputeJob> named(List<String> names) {
    List<PrecomputeJob> jobs = new ArrayList<>();
    for (String name : names) {
      PrecomputeJob job = BY_NAME.get(name);
      if (job == null && !name.equals("all")) {
        List<String> known = new ArrayList<>(BY_NAME.keySet());
        known.add("all");
        throw new IllegalArgumentException("unknown job '" + name + "'"
            + com.avalo.precompute.io.OptionNames.nearest(name, known)
                .map(near -> "; did you mean '" + near + "'?").orElse("")
            + "; jobs: " + names() + " or all");
      }
      if (job != null && !jobs.contains(job)) {
        jobs.add(job);
      }
    }
    // Every name checked first: 'run all feedz' ran every job, saying nothing of 'feedz'.
    return names.contains("all") ? all() : jobs;
  }

  /** The jobs whose buckets a backfill recomputes: those that take --from, --to and --periods. */
  static List<String> backfillable() {
    return BY_NAME.values().stream()
        .filter(job -> AnalyticsOptions.class.isAssignableFrom(job.optionsClass()))
        .map(PrecomputeJob::name).toList();
  }

  /** Every job's name, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }
  }

  /** The names of {@link #backfillable()}, for help texts. */
  static final class Backfillable implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return backfillable().iterator();
    }
  }
}
