package com.avalo.precompute.seed;

/**
 * When users open the app. A user is around from signup until {@code activeUntilDay}; on each
 * day in between they open the app with probability {@code engagement}, always on the signup
 * day. Sessions fall mostly in the local evening.
 *
 * <p>The model is a pure function of (seed, user, day), so the users phase can derive
 * {@code lastActiveAt} from it and the events phase later writes exactly the sessions that
 * {@code lastActiveAt} was derived from.
 */
final class ActivityModel {
  /** Relative likelihood of a session starting in each local hour, 00 to 23. */
  private static final double[] LOCAL_HOUR_WEIGHTS = {
      3, 2, 1, 0.5, 0.3, 0.4, 1, 2.5, 4, 3.5, 3, 3, 4, 4, 3, 3, 3.5, 4.5, 6, 7.5, 8.5, 9, 8, 5};
  /** Share of sessions moved to the first second of their hour or day, to test bucketing. */
  private static final double SNAP_TO_HOUR = 0.003;
  private static final double SNAP_TO_DAY = 0.0015;
  static final int MAX_SESSIONS_PER_DAY = 3;

  private final long seed;
  private final long anchor;
  private final Population users;

  ActivityModel(long seed, long anchorEpochSecond, Population users) {
    this.seed = seed;
    this.anchor = anchorEpochSecond;
    this.users = users;
  }

  static long dayOf(long epochSecond) {
    return Math.floorDiv(epochSecond, Timestamps.SECONDS_PER_DAY);
  }

  /** The last day that has any second before the anchor. */
  long lastDay() {
    return dayOf(anchor - 1);
  }

  /**
   * Writes the user's session start times on {@code day} into {@code out} in ascending order
   * and returns how many there are (0 when the user did not open the app that day).
   */
  int sessions(int user, long day, long[] out) {
    long created = users.createdAt[user];
    long signupDay = dayOf(created);
    if (day < signupDay || day > users.activeUntilDay[user] || day > lastDay()) {
      return 0;
    }
    boolean signupDayToday = day == signupDay;
    if (!signupDayToday && SeedRandom.unit(seed, Streams.ACTIVE_DAY, user, day)
        >= users.engagement[user]) {
      return 0;
    }
    SeedRandom rng = SeedRandom.stream(seed, Streams.SESSIONS, user, day);
    double r = rng.nextDouble();
    int wanted = r < 0.72 ? 1 : r < 0.92 ? 2 : 3;
    int count = 0;
    if (signupDayToday) {
      out[count++] = created; // the signup itself opens the first session
    }
    int offset = City.ALL.get(users.city[user]).utcOffsetHours();
    long dayStart = day * Timestamps.SECONDS_PER_DAY;
    for (int s = signupDayToday ? 1 : 0; s < wanted; s++) {
      int localHour = rng.weighted(LOCAL_HOUR_WEIGHTS);
      int utcHour = Math.floorMod(localHour - offset, 24);
      long at = dayStart + utcHour * Timestamps.SECONDS_PER_HOUR + rng.nextInt(3600);
      double snap = rng.nextDouble();
      if (snap < SNAP_TO_DAY) {
        at = dayStart;
      } else if (snap < SNAP_TO_DAY + SNAP_TO_HOUR) {
        at -= Math.floorMod(at, Timestamps.SECONDS_PER_HOUR);
      }
      if (at > created && at < anchor) {
        out[count++] = at;
      }
    }
    java.util.Arrays.sort(out, 0, count);
    return count;
  }

  /** The start of the user's last session; the signup day always has one. */
  long lastActiveAt(int user) {
    long[] times = new long[MAX_SESSIONS_PER_DAY];
    long signupDay = dayOf(users.createdAt[user]);
    for (long day = Math.min(users.activeUntilDay[user], lastDay()); day >= signupDay; day--) {
      int count = sessions(user, day, times);
      if (count > 0) {
        return times[count - 1];
      }
    }
    throw new IllegalStateException("user " + user + " has no session on their signup day");
  }
}
