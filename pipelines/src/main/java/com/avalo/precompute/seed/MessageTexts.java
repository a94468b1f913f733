package com.avalo.precompute.seed;

/**
 * Message bodies: mostly short phrases, some long paragraphs, and a few built to put an emoji
 * (a surrogate pair) exactly across the usual preview cut-offs, so trimming code that splits
 * UTF-16 units shows up in tests.
 */
final class MessageTexts {
  private static final String[] NON_BMP_EMOJI = {"😀", "😂", "🥰", "🔥", "👍🏽", "🇵🇱", "👩‍❤️‍👨"};
  /** Common preview lengths in UTF-16 units; the emoji starts one unit before each. */
  private static final int[] PREVIEW_CUTS = {100, 140, 200};
  private static final String ASCII_FILLER =
      "So here is the whole story about my weekend, from the very beginning, because you asked. ";

  private MessageTexts() {}

  static String next(SeedRandom rng) {
    double r = rng.nextDouble();
    if (r < 0.01) {
      return emojiAcrossCut(rng);
    }
    if (r < 0.06) {
      return longParagraph(rng);
    }
    if (r < 0.75) {
      return rng.pick(Vocabulary.MESSAGE_PHRASES);
    }
    return rng.pick(Vocabulary.MESSAGE_PHRASES) + " " + rng.pick(Vocabulary.MESSAGE_PHRASES);
  }

  /** Sentences joined until the text is past 200 characters. */
  private static String longParagraph(SeedRandom rng) {
    StringBuilder text = new StringBuilder(rng.pick(Vocabulary.LONG_SENTENCES));
    while (text.length() <= 200 || rng.chance(0.3)) {
      text.append(' ').append(rng.pick(Vocabulary.LONG_SENTENCES));
    }
    return text.toString();
  }

  private static String emojiAcrossCut(SeedRandom rng) {
    int cut = PREVIEW_CUTS[rng.nextInt(PREVIEW_CUTS.length)];
    StringBuilder text = new StringBuilder();
    while (text.length() < cut - 1) {
      text.append(ASCII_FILLER);
    }
    text.setLength(cut - 1);
    return text + rng.pick(NON_BMP_EMOJI) + " " + rng.pick(Vocabulary.MESSAGE_PHRASES);
  }
}
