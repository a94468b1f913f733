package com.avalo.precompute.feeds;

import static com.avalo.precompute.feeds.TestUsers.AS_OF;
import static com.avalo.precompute.feeds.TestUsers.man;
import static com.avalo.precompute.feeds.TestUsers.woman;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.source.SourceRecords.Gender;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

public class CandidateBlockingTest {
  private static final RankingConfig CONFIG = RankingConfig.load("");
  private static final RankingConfig.Blocking BLOCKING = CONFIG.blocking();

  private static FeedProfile profile(TestUsers user) {
    return FeedProfile.of(user.build(), AS_OF, CONFIG);
  }

  @Test
  public void viewersReadACoarserLevelForALongerReach() {
    assertEquals(5, CandidateBlocking.viewerPrecision(profile(woman("v").maxKm(3)), BLOCKING));
    assertEquals(4, CandidateBlocking.viewerPrecision(profile(woman("v").maxKm(20)), BLOCKING));
    assertEquals(3, CandidateBlocking.viewerPrecision(profile(woman("v").maxKm(150)), BLOCKING));
    assertEquals(2, CandidateBlocking.viewerPrecision(profile(woman("v").maxKm(400)), BLOCKING));
    assertEquals(0, CandidateBlocking.viewerPrecision(profile(woman("v").maxKm(20000)), BLOCKING));
    for (int km : new int[] {0, 1, 3, 10, 20, 50, 150, 400, 1000, 5000, 20000}) {
      assertThat(CandidateBlocking.viewerCells(profile(woman("v").maxKm(km)), BLOCKING).size(),
          lessThanOrEqualTo(BLOCKING.maxCellsPerViewer()));
    }
  }

  @Test
  public void candidatesGoToOneCellPerLevelAndTheGlobalOneForEachWantedGender() {
    FeedProfile bi = profile(man("c").wants(Gender.female, Gender.male));
    List<String> blocks = CandidateBlocking.candidateBlocks(bi, BLOCKING);
    assertEquals((BLOCKING.geohashPrecisions().size() + 1) * 2, blocks.size());
    assertThat(blocks, org.hamcrest.Matchers.hasItem("*|male|female"));
    assertThat(blocks, org.hamcrest.Matchers.hasItem(
        Geohash.encode(bi.lat(), bi.lng(), 4) + "|male|male"));
  }

  @Test
  public void aViewerReadsExactlyTheBlocksOfCompatibleGenders() {
    FeedProfile viewer = profile(woman("v").wants(Gender.male, Gender.nonbinary).maxKm(20));
    Set<String> read = new TreeSet<>();
    read.addAll(CandidateBlocking.viewerBlocks(viewer, BLOCKING));
    // A man who wants women, and a nonbinary person who wants women, nearby: each in one block read.
    for (TestUsers candidate : List.of(man("m").kmNorth(15),
        TestUsers.user("n").gender(Gender.nonbinary).wants(Gender.female).kmNorth(15))) {
      List<String> common = new ArrayList<>(CandidateBlocking.candidateBlocks(profile(candidate), BLOCKING));
      common.retainAll(read);
      assertEquals(1, common.size());
    }
    // A man who wants only men is in no block she reads.
    List<String> none = new ArrayList<>(CandidateBlocking.candidateBlocks(
        profile(man("g").wants(Gender.male).kmNorth(1)), BLOCKING));
    none.retainAll(read);
    assertThat(none, empty());
    assertThat(read, not(empty()));
  }
}
