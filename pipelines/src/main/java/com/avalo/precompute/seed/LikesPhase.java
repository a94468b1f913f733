package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes {@code likes.ndjson}: for every user, their likes of their match partners, then their
 * swipes on other users, mostly in their own city and mostly on users they are interested in,
 * drawn by popularity so a few users receive very many.
 *
 * <p>Swipes may only be positive toward a user who {@link Population#outranks outranks} the
 * swiper. Two one-way positive likes can then never face each other, so the mutual pairs are
 * exactly the pairs {@link MatchGraph} chose, and no like has to be remembered to prove it.
 * (It also reads as a plain fact of dating apps: likes flow toward popular profiles.)
 */
final class LikesPhase {
  private static final int MAX_SWIPES = 1_000;
  private static final int AGE_RETRIES = 2;

  private final SeedConfig config;
  private final Population users;
  private final MatchGraph matches;
  private final Ids likeIds;
  private final IntSet seen = new IntSet();
  private long nextLike;

  LikesPhase(SeedConfig config, Population users, MatchGraph matches) {
    this.config = config;
    this.users = users;
    this.matches = matches;
    this.likeIds = new Ids(config.seed(), "likes");
  }

  void run(NdjsonWriter out, SeedProgress progress) throws IOException {
    ProgressTicker ticker = new ProgressTicker(progress, "likes", users.size);
    for (int u = 0; u < users.size; u++) {
      seen.clear();
      seen.add(u);
      writeMatchLikes(u, out);
      writeSwipes(u, SeedRandom.stream(config.seed(), Streams.SWIPES, u), out);
      ticker.advanceTo(u + 1);
    }
    ticker.finish();
  }

  private void writeMatchLikes(int u, NdjsonWriter out) throws IOException {
    for (int k = 0; k < matches.degree(u); k++) {
      int partner = matches.partner(u, k);
      seen.add(partner);
      PairPlan plan = PairPlan.of(config.seed(), users, u, partner);
      write(u, partner, plan.superlikeBy(u) ? "superlike" : "like", plan.likedAtBy(u), out);
    }
  }

  private void writeSwipes(int u, SeedRandom rng, NdjsonWriter out) throws IOException {
    boolean bounced = users.activeUntilDay[u] == ActivityModel.dayOf(users.createdAt[u]);
    double mean = config.swipesPerUser() * (bounced ? 0.4 : 0.4 + 2.0 * users.engagement[u]);
    int swipes = Math.min(MAX_SWIPES, rng.poisson(mean));
    for (int s = 0; s < swipes; s++) {
      int target = pickTarget(u, rng);
      if (target < 0 || !seen.add(target)) {
        continue;
      }
      long from = Math.max(users.createdAt[u], users.createdAt[target]);
      long to = users.lastActiveAt[u];
      if (to < from) {
        continue; // the target signed up after this user stopped using the app
      }
      write(u, target, swipeKind(u, target, rng), rng.nextLongBetween(from, to), out);
    }
  }

  /** Mostly the own city (9 in 10) and a gender the user is interested in (19 in 20). */
  private int pickTarget(int u, SeedRandom rng) {
    int city = rng.chance(0.9) ? users.city[u] : users.city[rng.nextInt(users.size)];
    int gender = rng.chance(0.95) ? users.pickInterestingGender(u, rng) : rng.nextInt(3);
    int target = users.samplePopular(city, gender, rng);
    for (int retry = 0; retry < AGE_RETRIES && target >= 0
        && !users.acceptsAge(u, users.age[target]); retry++) {
      target = users.samplePopular(city, gender, rng);
    }
    return target;
  }

  private String swipeKind(int u, int target, SeedRandom rng) {
    if (!users.outranks(target, u)) {
      return "pass";
    }
    boolean wanted = users.isInterestedIn(u, users.gender[target])
        && users.acceptsAge(u, users.age[target]);
    double r = rng.nextDouble();
    if (wanted) {
      return r < 0.05 ? "superlike" : r < 0.58 ? "like" : "pass";
    }
    return r < 0.05 ? "like" : "pass";
  }

  private void write(int from, int to, String kind, long at, NdjsonWriter out)
      throws IOException {
    JsonGenerator json = out.begin(likeIds.of(nextLike++));
    json.writeStringField("fromUserId", users.userId(from));
    json.writeStringField("toUserId", users.userId(to));
    json.writeStringField("kind", kind);
    out.timestamp("createdAt", at);
    out.end();
  }
}
