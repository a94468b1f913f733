package com.avalo.precompute.seed;

/**
 * Firestore-style document ids: 20 characters of [A-Za-z0-9], random-looking, unique by
 * construction.
 *
 * <p>Sequential ids would hotspot Firestore's key ranges and would not look like the app's
 * auto-ids, but ids drawn at random would need a set of all issued ids to rule out collisions.
 * Instead each id encodes its ordinal through a keyed bijection on 59 bits (even positions), so
 * distinct ordinals always give distinct ids, and pads it with 10 hashed characters (odd
 * positions) so the whole id looks uniform. Nothing needs to be remembered: the id of user
 * number 12 can be recomputed wherever it is needed.
 */
final class Ids {
  static final int LENGTH = 20;
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final long MASK_59 = (1L << 59) - 1;

  private final long permutationKey;
  private final long paddingKey;

  /** One id space per collection, so ordinal 0 of likes and of users differ. */
  Ids(long seed, String namespace) {
    long nameHash = 1125899906842597L;
    for (int i = 0; i < namespace.length(); i++) {
      nameHash = 31 * nameHash + namespace.charAt(i);
    }
    this.permutationKey = SeedRandom.hash(seed, 0x1D5L, nameHash) & MASK_59;
    this.paddingKey = SeedRandom.hash(seed, 0x1D6L, nameHash);
  }

  String of(long ordinal) {
    if (ordinal < 0 || ordinal > MASK_59) {
      throw new IllegalArgumentException("id ordinal out of range: " + ordinal);
    }
    long unique = permute59(ordinal ^ permutationKey);
    long padding = SeedRandom.mix64(unique ^ paddingKey);
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH / 2; i++) {
      out[2 * i] = ALPHABET[(int) (unique % 62)];
      unique /= 62;
      out[2 * i + 1] = ALPHABET[(int) Long.remainderUnsigned(padding, 62)];
      padding = Long.divideUnsigned(padding, 62);
    }
    return new String(out);
  }

  /** xorshift-multiply rounds restricted to 59 bits; each step is invertible, so is the whole. */
  private static long permute59(long x) {
    x = ((x ^ (x >>> 29)) * 0xBF58476D1CE4E5B9L) & MASK_59;
    x = ((x ^ (x >>> 31)) * 0x94D049BB133111EBL) & MASK_59;
    return x ^ (x >>> 29);
  }
}
