package com.avalo.precompute.analytics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeRunner;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A bucket's key names its period, not its zone: a backfill in another zone than the store's
 * buckets would overwrite some with other boundaries (a day from 22:00 or 23:00 UTC beside days
 * from midnight) and leave the others, so it is refused before it writes.
 */
public class AnalyticsZoneTest {
  private static final List<PrecomputeJob> JOBS = List.of(new AnalyticsJob());

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aRunInAnotherZoneThanTheStoredBucketsIsRefusedBeforeItWrites() throws Exception {
    Path store = temp.getRoot().toPath().resolve("cache.db");
    run(store, "utc", "--analyticsZone=UTC");
    List<String> keys = keys(store);
    assertTrue(keys.toString(), keys.stream().anyMatch(key -> key.startsWith("analytics:")));

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> run(store, "warsaw", "--analyticsZone=Europe/Warsaw"));
    assertTrue(refused.getMessage(), refused.getMessage().startsWith(
        "the store holds analytics buckets cut in zone UTC (analytics:"));
    assertEquals(keys, keys(store));

    run(store, "utc-again", "--analyticsZone=Etc/UTC"); // the same zone under another name
  }

  private static void run(Path store, String runId, String zone) {
    PrecomputeRunner.run(JOBS, PrecomputeRunner.parseOptions(JOBS,
        "--input=src/test/resources/fixtures/small", "--store=sqlite:" + store,
        "--asOf=2026-11-20T12:00:00Z", "--runId=" + runId, "--analyticsMetrics=revenue",
        "--from=2026-11-18", "--to=2026-11-19", "--periods=day", zone));
  }

  private static List<String> keys(Path store) {
    try (CacheStore opened = StoreSpec.sqlite(store).openExisting()) {
      return opened.keysWithPrefix("", 1000);
    }
  }
}
