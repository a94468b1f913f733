package com.avalo.precompute.seed;

/**
 * Names of the random sub-streams. Each decision draws from its own keyed stream, so adding a
 * draw to one phase never shifts the numbers of another; keep the values distinct and stable.
 */
final class Streams {
  static final long USER_PROFILE = 1;
  static final long ACTIVE_DAY = 2;
  static final long SESSIONS = 3;
  static final long MATCH_PICKS = 4;
  static final long PAIR = 5;
  static final long SWIPES = 6;
  static final long CHAT = 7;
  static final long RANDOM_BLOCKS = 8;
  static final long POSTS = 9;
  static final long TOKENS = 10;
  static final long API_CALLS = 11;
  static final long POPULARITY = 12;
  static final long CELEBRITY = 13;
  static final long MATCH_CAP = 14;

  private Streams() {}
}
