package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Two runs started at once under one run id: neither has recorded anything when the other checks
 * for reuse, so the id is taken, by one of them only, while it runs.
 */
public class RunIdClaimTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void theSecondClaimOfAnIdIsRefusedAndNamesTheHolder() throws Exception {
    Path letters = dir.getRoot().toPath().resolve("dead-letters");
    Runnable release = PrecomputeRunner.claimRunId("nightly-1", Optional.of(letters));
    Path claim = letters.resolve("nightly-1").resolve(PrecomputeRunner.RUN_ID_CLAIM);
    assertThat(Files.readString(claim), containsString("run nightly-1, pid "
        + ProcessHandle.current().pid()));

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> PrecomputeRunner.claimRunId("nightly-1", Optional.of(letters)));
    assertThat(refused.getMessage(), containsString("run id 'nightly-1' is in use by another run"
        + " (run nightly-1, pid "));
    assertThat(refused.getMessage(), containsString(claim.toString()));

    PrecomputeRunner.claimRunId("nightly-2", Optional.of(letters));
    PrecomputeRunner.claimRunId("nightly-1", Optional.empty()).run(); // no local letters
    // Given back when the run ends: a later run is judged by the state and the dead letters.
    release.run();
    assertFalse(Files.exists(claim));
    PrecomputeRunner.claimRunId("nightly-1", Optional.of(letters)).run();
  }

  @Test
  public void ofManyRunsClaimingOneIdAtOnceExactlyOneGetsIt() throws Exception {
    Path letters = dir.getRoot().toPath().resolve("dead-letters");
    int runs = 8;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Callable<Boolean> claim = () -> {
          start.await();
          try {
            PrecomputeRunner.claimRunId("nightly-1", Optional.of(letters));
            return true;
          } catch (IllegalArgumentException taken) {
            return false;
          }
        };
        claims.add(pool.submit(claim));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> claim : claims) {
        won += claim.get() ? 1 : 0;
      }
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
  }
}
