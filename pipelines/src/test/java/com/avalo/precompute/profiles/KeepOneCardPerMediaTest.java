package com.avalo.precompute.profiles;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.MediaCard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;

public class KeepOneCardPerMediaTest {
  private static final Instant EARLIER = Instant.parse("2026-10-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2026-10-03T10:00:00Z");

  private static MediaCard card(String postId, Instant postedAt, int width) {
    return new MediaCard("md1", postId, "alice01", "https://cdn.example/md1.jpg", width, 1350,
        postedAt);
  }

  @Test
  public void theEarliestPostsCardIsKeptWhateverOrderTheCardsCameIn() {
    MediaCard first = card("p9", EARLIER, 1080);
    MediaCard later = card("p1", LATER, 1080);
    assertEquals(first, KeepOneCardPerMedia.keptFirst(List.of(first, later)).get(0));
    assertEquals(first, KeepOneCardPerMedia.keptFirst(List.of(later, first)).get(0));
  }

  @Test
  public void postsOfOneInstantAreOrderedByPostIdThenByTheCardsJson() {
    // "width":1080 sorts before "width":640 as text.
    List<MediaCard> expected = List.of(card("p1", LATER, 1080), card("p1", LATER, 640),
        card("p2", LATER, 320));
    for (int seed = 0; seed < 6; seed++) {
      List<MediaCard> shuffled = new ArrayList<>(expected);
      Collections.shuffle(shuffled, new java.util.Random(seed));
      assertEquals(expected, KeepOneCardPerMedia.keptFirst(shuffled));
    }
  }
}
