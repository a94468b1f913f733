package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** The cost figures against sums worked by hand at list prices ($0.18, $0.02, $0.06 per 100k). */
public class RunCostTest {
  private static final FirestorePrices LIST = FirestorePrices.LIST;

  @Test
  public void listPricesPerHundredThousand() {
    assertEquals(0.18 + 0.02 + 0.06, LIST.cost(100_000, 100_000, 100_000), 1e-12);
    assertEquals(0.18, LIST.cost(100_000, 0, 0), 1e-12);
    assertEquals(0.02, LIST.cost(0, 100_000, 0), 1e-12);
    assertEquals(0.06, LIST.cost(0, 0, 100_000), 1e-12);
  }

  @Test
  public void aRunPaysForWhatItWroteDeletedAndReadAndAFullRewriteForEverything() {
    // 10 written, 90 unchanged, 5 deleted, 3 stamps read, 7 blind deletes, 2 dead-letter documents.
    RunCost cost = new RunCost(10, 90, 5, 3, 7, 2, LIST);
    // (10 + 2) writes, 5 deletes, 3 reads.
    assertEquals((12 * 0.18 + 5 * 0.02 + 3 * 0.06) / 100_000, cost.dollars(), 1e-15);
    // (10 + 90 + 2) writes and the 7 blind deletes; a full rewrite reads nothing.
    assertEquals((102 * 0.18 + 7 * 0.02) / 100_000, cost.fullRewriteDollars(), 1e-15);
  }
}
