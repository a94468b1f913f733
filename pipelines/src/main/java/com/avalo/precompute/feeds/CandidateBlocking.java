package com.avalo.precompute.feeds;

import com.avalo.precompute.source.SourceRecords.Gender;
import java.util.ArrayList;
import java.util.List;

/**
 * Where candidates are put and where viewers look, so that a viewer is only ever compared with
 * candidates near enough and of a wanted gender, and never with everyone.
 *
 * <p>A <b>block</b> is (cell, candidate gender, gender the candidate wants). A candidate is put
 * into its geohash cell at every configured precision and into one global cell {@code *}, once for
 * each gender it wants: about {@code (levels + 1) x 1.3} entries per user. Each block keeps only
 * its best {@code maxCandidatesPerBlock} candidates by {@link FeedScore#baseScore} (computed with a
 * combiner, so a big city's block is cut down on many workers before it meets on one). <b>A capped
 * block may leave out eligible candidates</b> ranked lower by that viewer-independent score, even
 * ones the viewer's distance, shared interests or a like of the viewer would have lifted; an
 * uncapped block leaves out nobody.
 *
 * <p>A viewer reads one level: the finest precision whose cover of the viewer's distance limit has
 * at most {@code maxCellsPerViewer} cells (a 3 km limit reads nine 5 km cells, a 150 km limit a few
 * 156 km cells, an unlimited one the global block), and from each cell the blocks of the genders
 * the viewer wants that want the viewer's gender. Every mutually eligible candidate lies within the
 * viewer's limit, so in a covered cell, and in exactly one block the viewer reads: the cover misses
 * none, and nobody is read twice. The cost per viewer is at most {@code maxCellsPerViewer x
 * genders x maxCandidatesPerBlock} comparisons whatever the population, so the job grows with users
 * times local density (capped), not users squared.
 */
public final class CandidateBlocking {
  /** The cell that holds everyone, read by viewers whose limit no precision covers in few cells. */
  public static final String GLOBAL_CELL = "*";

  private CandidateBlocking() {}

  /** The blocks a candidate is put into. */
  public static List<String> candidateBlocks(FeedProfile candidate, RankingConfig.Blocking blocking) {
    List<String> keys = new ArrayList<>();
    List<Gender> wanted = candidate.wantedGenders();
    for (String cell : candidateCells(candidate, blocking)) {
      for (Gender target : wanted) {
        keys.add(blockKey(cell, candidate.gender(), target));
      }
    }
    return keys;
  }

  /** The blocks a viewer reads, one per covered cell and wanted gender. */
  public static List<String> viewerBlocks(FeedProfile viewer, RankingConfig.Blocking blocking) {
    List<String> keys = new ArrayList<>();
    List<Gender> wanted = viewer.wantedGenders();
    for (String cell : viewerCells(viewer, blocking)) {
      for (Gender gender : wanted) {
        keys.add(blockKey(cell, gender, viewer.gender()));
      }
    }
    return keys;
  }

  /** The precision a viewer reads, or 0 for the global cell. */
  public static int viewerPrecision(FeedProfile viewer, RankingConfig.Blocking blocking) {
    List<Integer> precisions = blocking.geohashPrecisions();
    for (int i = precisions.size() - 1; i >= 0; i--) {
      int p = precisions.get(i);
      if (Geohash.coverCount(viewer.lat(), viewer.lng(), viewer.maxDistanceKm(), p)
          <= blocking.maxCellsPerViewer()) {
        return p;
      }
    }
    return 0;
  }

  /** The cells a viewer reads. */
  public static List<String> viewerCells(FeedProfile viewer, RankingConfig.Blocking blocking) {
    int p = viewerPrecision(viewer, blocking);
    return p == 0
        ? List.of(GLOBAL_CELL)
        : Geohash.cover(viewer.lat(), viewer.lng(), viewer.maxDistanceKm(), p);
  }

  /** The cells holding a candidate: one per precision, and the global cell. */
  static List<String> candidateCells(FeedProfile candidate, RankingConfig.Blocking blocking) {
    List<String> cells = new ArrayList<>();
    for (int p : blocking.geohashPrecisions()) {
      cells.add(Geohash.encode(candidate.lat(), candidate.lng(), p));
    }
    cells.add(GLOBAL_CELL);
    return cells;
  }

  /** {@code cell|candidateGender|wantedGender}, e.g. {@code u4pr|female|male}. */
  public static String blockKey(String cell, Gender candidateGender, Gender wanted) {
    return cell + "|" + candidateGender + "|" + wanted;
  }
}
