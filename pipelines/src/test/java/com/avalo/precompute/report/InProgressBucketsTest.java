package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.report.Chart.Series;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/**
 * A bucket still in progress is not drawn as final: the month so far, drawn as a whole month,
 * read as a fall in MAU that did not happen.
 */
public class InProgressBucketsTest {
  @Test
  public void inProgressValuesAreDrawnApartInTheSameSlot() {
    Series mau = Series.bar("MAU", List.of(50_000L, 31_000L));
    List<Series> drawn = mau.apartInProgress(Arrays.asList(true, false));
    assertEquals(List.of(
        new Series("MAU", "bar", Arrays.asList(50_000L, null), "MAU"),
        new Series("MAU (in progress)", "bar", Arrays.asList(null, 31_000L), "MAU")), drawn);
  }

  @Test
  public void aSeriesOfCompleteOrMissingBucketsIsDrawnAsItIs() {
    Series dau = Series.line("DAU", Arrays.asList(10L, null, 12L));
    assertEquals(List.of(dau), dau.apartInProgress(Arrays.asList(true, null, true)));
  }

  @Test
  public void theNoteNamesThePeriodsInProgress() {
    assertEquals(" Still in progress when computed, so partial: 2026-11.",
        Figures.inProgressNote(List.of("2026-10", "2026-11"), Arrays.asList(true, false)));
    assertEquals("", Figures.inProgressNote(List.of("2026-10"), List.of(true)));
  }
}
