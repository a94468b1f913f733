package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.source.SourceRecords.LikeKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is eligible for whom, by brute force over every pair and written apart from the job's code
 * (its own age, distance and activity arithmetic), to check the job against.
 */
final class ReferenceFeeds {
  private ReferenceFeeds() {}

  /** {@link #eligible(List, List, List, List, Instant, Duration)} for a generated world. */
  static Map<String, Set<String>> eligible(SyntheticWorld world, com.avalo.precompute.io.RunContext run) {
    return eligible(world.allUsers(), world.allLikes(), world.allBlocks(), world.allMatches(),
        run.asOf(), run.activeWindow());
  }

  /** For each user active for discovery, every candidate eligible for them. */
  static Map<String, Set<String>> eligible(List<User> users, List<Like> likes, List<Block> blocks,
      List<Match> matches, Instant asOf, Duration activeWindow) {
    Map<String, Set<String>> hidden = new HashMap<>();
    for (Like like : likes) {
      if (!like.createdAt().isAfter(asOf)) {
        addTo(hidden, like.fromUserId(), like.toUserId());
      }
    }
    for (Block block : blocks) {
      if (!block.createdAt().isAfter(asOf)) {
        addTo(hidden, block.fromUserId(), block.toUserId());
        addTo(hidden, block.toUserId(), block.fromUserId());
      }
    }
    for (Match match : matches) {
      if (!match.createdAt().isAfter(asOf)) {
        addTo(hidden, match.userIds().get(0), match.userIds().get(1));
        addTo(hidden, match.userIds().get(1), match.userIds().get(0));
      }
    }
    LocalDate today = asOf.atZone(ZoneOffset.UTC).toLocalDate();
    Map<String, Set<String>> feeds = new TreeMap<>();
    for (User v : users) {
      if (!active(v, asOf, activeWindow)) {
        continue;
      }
      Set<String> eligible = new TreeSet<>();
      for (User c : users) {
        if (c.id().equals(v.id()) || !active(c, asOf, activeWindow)
            || hidden.getOrDefault(v.id(), Set.of()).contains(c.id())) {
          continue;
        }
        boolean genders = v.interestedIn().contains(c.gender()) && c.interestedIn().contains(v.gender());
        long vAge = ChronoUnit.YEARS.between(v.birthDate(), today);
        long cAge = ChronoUnit.YEARS.between(c.birthDate(), today);
        boolean ages = cAge >= v.ageMin() && cAge <= v.ageMax() && vAge >= c.ageMin() && vAge <= c.ageMax();
        double km = haversine(v.lat(), v.lng(), c.lat(), c.lng());
        boolean near = km <= v.maxDistanceKm() + 1e-6 && km <= c.maxDistanceKm() + 1e-6;
        if (genders && ages && near) {
          eligible.add(c.id());
        }
      }
      feeds.put(v.id(), eligible);
    }
    return feeds;
  }

  /**
   * Each feed as the job should order it: the eligible candidates by the documented score
   * ({@link FeedScore}'s pure functions, with likes received counted here), then by tie-break and
   * uid, cut at {@code maxCandidates}.
   */
  static Map<String, List<String>> ranked(Map<String, Set<String>> eligible, List<User> users,
      List<Like> likes, Instant asOf, RankingConfig config, int maxCandidates) {
    Map<String, User> byId = new HashMap<>();
    users.forEach(u -> byId.put(u.id(), u));
    Map<String, Set<String>> likedBy = new HashMap<>();
    Map<String, Set<String>> passedBy = new HashMap<>();
    for (Like like : likes) {
      if (!like.createdAt().isAfter(asOf)) {
        addTo(like.kind() == LikeKind.pass ? passedBy : likedBy, like.toUserId(), like.fromUserId());
      }
    }
    long daySeed = FeedScore.daySeed(asOf);
    Map<String, List<String>> feeds = new TreeMap<>();
    for (Map.Entry<String, Set<String>> feed : eligible.entrySet()) {
      User v = byId.get(feed.getKey());
      List<RankedCandidate> ranked = new ArrayList<>();
      for (String candidateId : feed.getValue()) {
        User c = byId.get(candidateId);
        Set<String> shared = new TreeSet<>(v.interests());
        shared.retainAll(new HashSet<>(c.interests()));
        double base = FeedScore.baseScore(FeedScore.profileScore(c, asOf, config),
            likedBy.getOrDefault(c.id(), Set.of()).size(),
            passedBy.getOrDefault(c.id(), Set.of()).size(), config);
        double score = FeedScore.pairScore(base, Geo.distanceKm(v.lat(), v.lng(), c.lat(), c.lng()),
            shared.size(), likedBy.getOrDefault(v.id(), Set.of()).contains(c.id()), config);
        ranked.add(new RankedCandidate(new FeedPage.Candidate(c.id(), "", 0, "", 0, 0, List.of(),
            score), FeedScore.tiebreak(daySeed, v.id(), c.id())));
      }
      ranked.sort(RankedCandidate.BEST_FIRST);
      feeds.put(v.id(), ranked.stream().limit(maxCandidates).map(r -> r.card().uid()).toList());
    }
    return feeds;
  }

  private static boolean active(User user, Instant asOf, Duration window) {
    return user.status() == UserStatus.active
        && user.lastActiveAt().compareTo(asOf.minus(window)) >= 0;
  }

  private static void addTo(Map<String, Set<String>> sets, String key, String member) {
    sets.computeIfAbsent(key, k -> new HashSet<>()).add(member);
  }

  private static double haversine(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double h = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  }
}
