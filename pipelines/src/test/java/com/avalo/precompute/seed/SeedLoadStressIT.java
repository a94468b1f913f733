package com.avalo.precompute.seed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import com.avalo.precompute.io.EmulatorFirestore;
import com.google.cloud.firestore.BulkWriterOptions;
import com.google.cloud.firestore.Firestore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Loads the same 1,000-user world into the Firestore emulator many times over, to catch the rare
 * BulkWriter stall {@link FirestoreSeedLoader} works around: with windows past BulkWriter's 500
 * pending writes, a write it had buffered was now and then never sent, and the load waited
 * forever (4 loads in 60 with windows of 2,000 and 5,000; none in 20 with 500). One load proves
 * nothing, so this runs only when asked, never in CI: it is skipped unless
 * {@code -Dseed.stress.loads=N} is given, and, like every emulator test, unless
 * {@code FIRESTORE_EMULATOR_HOST} is set. A window unanswered for 60 s fails its load, and any
 * load that did not finish fails the test.
 *
 * <p>Run it on an emulator of its own (a load takes about 5 s, the first few up to 30 s):
 *
 * <pre>
 * scripts/emulator.sh start 18811
 * FIRESTORE_EMULATOR_HOST=127.0.0.1:18811 mvn -o -pl pipelines verify -Dit.test=SeedLoadStressIT \
 *     -Dseed.stress.loads=40 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * scripts/emulator.sh stop
 * </pre>
 *
 * <p>{@code -Dseed.stress.window=W} (1 to {@link FirestoreSeedLoader#MAX_WINDOW}) sets the
 * writes per window, {@link FirestoreSeedLoader#DEFAULT_WINDOW} otherwise. Failsafe hands the
 * {@code -D} properties to the test JVM, and the emulator host through the parent pom.
 */
public class SeedLoadStressIT {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Rule public EmulatorFirestore emulator = new EmulatorFirestore("seed-stress");

  @Test
  public void everyLoadOfAThousandUsersFinishes() throws Exception {
    String loadsProperty = System.getProperty("seed.stress.loads");
    assumeTrue("stress run not asked for (-Dseed.stress.loads=N)", loadsProperty != null);
    int loads = Integer.parseInt(loadsProperty);
    int window = Integer.getInteger("seed.stress.window", FirestoreSeedLoader.DEFAULT_WINDOW);
    // Refused once here rather than by every load.
    new FirestoreSeedLoader(null, BulkWriterOptions.builder().build(), window,
        FirestoreSeedLoader.EMULATOR_STALL_TIMEOUT);

    Path world = temp.newFolder("world").toPath();
    SeedSummary generated = new SeedGenerator().generate(
        SeedConfig.defaults().withUsers(1000), world, SeedProgress.none());
    System.out.printf("seed load stress: %d documents, window %d, %d loads%n",
        generated.total(), window, loads);

    int finished = 0;
    int stalled = 0;
    List<String> failures = new ArrayList<>();
    long finishedNanos = 0;
    for (int load = 1; load <= loads; load++) {
      // A fresh client each load, as each CLI run has: a stall must not be a leftover of the
      // last load's writer or channel. Every load writes the same documents again (sets).
      Firestore client = FirestoreSeedLoader.emulatorClient(emulator.projectId(), emulator.host());
      long started = System.nanoTime();
      try {
        SeedSummary loaded = new FirestoreSeedLoader(client,
            BulkWriterOptions.builder().setThrottlingEnabled(false).build(), window,
            FirestoreSeedLoader.EMULATOR_STALL_TIMEOUT).load(world, SeedProgress.none());
        long nanos = System.nanoTime() - started;
        client.close();
        finished++;
        finishedNanos += nanos;
        System.out.printf("load %d/%d finished in %.1f s, %d documents%n",
            load, loads, nanos / 1e9, loaded.total());
      } catch (Exception e) {
        // shutdownNow, not close: close would wait for the writes a stalled writer never sends.
        client.shutdownNow();
        boolean stall = e.getMessage() != null && e.getMessage().contains("stalled");
        if (stall) {
          stalled++;
        }
        failures.add("load " + load + ": " + e);
        System.out.printf("load %d/%d %s after %.1f s: %s%n", load, loads,
            stall ? "stalled" : "failed", (System.nanoTime() - started) / 1e9, e);
      }
    }

    String summary = String.format(
        "seed load stress: window %d, %d loads: %d finished, %d stalled, %d failed otherwise;"
            + " mean %.1f s", window, loads, finished, stalled, failures.size() - stalled,
        finished == 0 ? 0.0 : finishedNanos / 1e9 / finished);
    System.out.println(summary);
    assertEquals(summary + "\n" + String.join("\n", failures), loads, finished);
  }
}
