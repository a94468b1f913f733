package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.report.RunRecord.DeadLetterCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** The runs section from a history that records everything, as the run ledger will. */
public class RunsSectionTest {

  /** A ledger-shaped history of two runs, the newer one first. */
  private static final RunHistory LEDGER = new RunHistory() {
    @Override
    public List<RunRecord> newest(int limit) {
      return List.of(
          run("r2", "2026-11-23T01:00:00Z", 95, 1_200L, 300L, 4L, 0.42,
              List.of(new DeadLetterCount("users", "missing required field 'age'", 3,
                  "missing required field 'age'"))),
          run("r1", "2026-11-23T00:00:00Z", 80, 1_000L, null, 0L, 0.40, List.of()))
          .subList(0, Math.min(2, limit));
    }

    @Override
    public String describe() {
      return "a test ledger";
    }

    @Override
    public List<String> limitations() {
      return List.of();
    }
  };

  private static RunRecord run(String id, String started, long seconds, Long written,
      Long unchanged, Long deleted, Double cost, List<DeadLetterCount> letters) {
    Instant start = Instant.parse(started);
    return new RunRecord(id, start.plusSeconds(seconds), "hourly", List.of("feeds"), null, null,
        "DONE", 1, start, Duration.ofSeconds(seconds), 5_000L, written, unchanged, deleted,
        letters, cost);
  }

  @Test
  public void aLedgerGetsDurationDocumentAndCostChartsOverTimeOldestFirst() {
    Section runs = RunsSection.build(LEDGER, 20);

    List<String> ids = runs.charts().stream().map(Chart::id).toList();
    assertEquals(List.of("dead-letters", "run-durations", "run-documents", "run-costs"), ids);
    Chart durations = runs.charts().get(1);
    assertEquals(List.of("r1", "r2"), durations.categories());
    assertEquals(List.of(80.0, 95.0), durations.series().get(0).values());
    Chart documents = runs.charts().get(2);
    assertEquals(List.of(1_000L, 1_200L), documents.series().get(0).values());
    assertEquals(java.util.Arrays.asList(null, 300L), documents.series().get(1).values());
    assertEquals(List.of(0.40, 0.42), runs.charts().get(3).series().get(0).values());
    Chart letters = runs.charts().get(0);
    assertEquals(List.of(0L, 3L), letters.series().get(0).values());
    // The test ledger has no data windows: the one figure said to be missing.
    assertEquals(List.of("Not recorded for these runs, so neither shown nor charted: window."),
        runs.notices());
  }

  @Test
  public void aCostOfAFractionOfACentIsShownAsTheLedgerHasIt() {
    // A scheduled chats run that wrote 1,233 documents cost $0.0022194: at two decimal places
    // the table, the axis and the tooltips said 0.00 USD for it and every run like it.
    Table table = RunsSection.build(LEDGER, 20).tables().get(0);
    Table.Column cost = table.columns().get(table.columns().size() - 1);
    assertEquals("estimated cost (USD)", cost.header());
    assertEquals("0.002219 USD", cost.format().show(0.0022194));
  }

  @Test
  public void onlyTheNewestRunsAskedForAreShown() {
    Section runs = RunsSection.build(LEDGER, 1);

    assertEquals(List.of("r2"), runs.charts().get(0).categories());
    assertEquals(1, runs.tables().get(0).rows().size());
  }
}
