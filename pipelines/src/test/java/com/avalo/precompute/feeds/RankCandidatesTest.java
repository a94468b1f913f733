package com.avalo.precompute.feeds;

import static com.avalo.precompute.feeds.TestUsers.AS_OF;
import static com.avalo.precompute.feeds.TestUsers.man;
import static com.avalo.precompute.feeds.TestUsers.woman;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class RankCandidatesTest {
  private static final RankingConfig CONFIG = RankingConfig.load("");
  private static final FeedSettings SETTINGS = new FeedSettings(CONFIG, 20, 5);

  @Test
  public void aBlockSlicedForTheSideInputRanksAsTheWholeBlock() {
    List<FeedProfile> block = new ArrayList<>();
    Random random = new Random(7);
    int size = 61; // not a multiple of the slice: the last slice is short
    for (int i = 0; i < size; i++) {
      block.add(FeedProfile.of(woman("w" + i).kmNorth(random.nextDouble() * 40)
          .age(25 + random.nextInt(10)).interests(i % 2 == 0 ? "hiking" : "jazz").build(),
          AS_OF, CONFIG));
    }
    List<List<FeedProfile>> slices = RankCandidates.slices(block);
    List<Integer> sizes = new ArrayList<>(
        Collections.nCopies(size / RankCandidates.SLICE, RankCandidates.SLICE));
    sizes.add(size % RankCandidates.SLICE);
    assertEquals(sizes, slices.stream().map(List::size).toList());
    assertEquals(block, slices.stream().flatMap(List::stream).toList());

    ViewerRequest request = new ViewerRequest(
        FeedProfile.of(man("v").interests("jazz").build(), AS_OF, CONFIG),
        UidSet.of("w3"), UidSet.of("w8", "w40"));
    long daySeed = FeedScore.daySeed(AS_OF);
    List<RankedCandidate> whole = RankCandidates.rank(request, block, SETTINGS, daySeed);
    assertEquals(SETTINGS.maxCandidates(), whole.size());
    // A multimap view gives the slices in no particular order.
    Collections.shuffle(slices, random);
    assertEquals(whole, RankCandidates.rankBlocks(request, slices, SETTINGS, daySeed));
    assertTrue(RankCandidates.slices(List.of()).isEmpty());
  }
}
