package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.incremental.FirestorePrices;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/**
 * Beam-style arguments, as a launcher receives them, parsed once into the same typed settings the
 * CLI builds from its flags; and the run's context made from those settings.
 */
public class RunSettingsTest {

  @Test
  public void beamStyleArgumentsBecomeTypedSettings() {
    RunSettings settings = RunSettings.from(options("--store=firestore", "--firestoreProject=p1",
        "--emulatorHost=127.0.0.1:1", "--asOf=2026-11-20T06:30:00Z", "--runId=nightly",
        "--freshFor=PT6H", "--deadLetterDir=letters", "--stateLocation=gs://b/state", "--full",
        "--firestorePrices=write=0.09"));
    assertEquals(new RunSettings(
        new FirestoreStoreSpec("p1", "127.0.0.1:1", FirestoreStoreSpec.DEFAULT_COLLECTION),
        Instant.parse("2026-11-20T06:30:00Z"), "nightly", Duration.ofHours(6), Path.of("letters"),
        "gs://b/state", true, new FirestorePrices(0.09, 0.02, 0.06), null), settings);
  }

  @Test
  public void aStateLocationThatBeamWouldReadAsAPatternIsRefused() {
    for (String bad : List.of("gs://bucket/state[1]", "gs://bucket/st*te", "gs://b/state?")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RunSettings.from(options("--stateLocation=" + bad)));
      assertTrue(e.getMessage(), e.getMessage().startsWith("--stateLocation '" + bad
          + "' has a glob character"));
    }
    for (String good : List.of("gs://bucket/avalo-state_1.x", "out/state[1]",
        "gs://${project}-dataflow/state")) { // a schedule file's, before its project is filled
      assertEquals(good, RunSettings.from(options("--stateLocation=" + good)).stateLocation());
    }
  }

  @Test
  public void aRunIdMustBeSafeAsOnePathSegment() {
    for (String bad : List.of("../../etc", "a/b", ".hidden", "-dash-first", "x".repeat(129), "a b")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RunSettings.from(options("--runId=" + bad)));
      assertTrue(e.getMessage(), e.getMessage().startsWith("--run-id '" + bad + "' must be 1-128"));
    }
    assertEquals("chats-20261203152614-edfc88c9",
        RunSettings.from(options("--runId=chats-20261203152614-edfc88c9")).runId());
  }

  @Test
  public void emptyOptionsMeanTheDefaults() {
    RunSettings settings = RunSettings.from(options());
    assertEquals(RunSettings.writingTo(StoreSpec.sqlite(Path.of("out/cache.db"))), settings);
    assertEquals(RunSettings.from(options("--asOf=2026-11-20")).asOf(),
        Instant.parse("2026-11-20T00:00:00Z"));
  }

  @Test
  public void aValueThatDoesNotParseNamesItsOption() {
    assertMessage("--asOf: 'last tuesday' is neither an RFC 3339 instant", "--asOf=last tuesday");
    assertMessage("--freshFor: '6h' is not an ISO-8601 duration", "--freshFor=6h");
    // Past year 9999 an expiresAt or a period's end cannot be written as the schemas' timestamps.
    assertMessage("--freshFor: 'PT100000000H' must be more than zero and at most 3650 days",
        "--freshFor=PT100000000H");
    assertMessage("--freshFor: '-PT1H' must be more than zero", "--freshFor=-PT1H");
    assertMessage("--asOf: '+10000-01-01T00:00:00Z' is outside the years 0001-9998",
        "--asOf=+10000-01-01T00:00:00Z");
    assertMessage("--asOf: '9999-12-31' is outside the years 0001-9998", "--asOf=9999-12-31");
    assertMessage("unknown store 'redis:x'", "--store=redis:x");
    assertMessage("--firestorePrices: 'write=free': the price", "--firestorePrices=write=free");
    assertMessage("--firestorePrices: 'reads=1' is not", "--firestorePrices=reads=1");
  }

  @Test
  public void theContextTakesTheSettingsAndDefaultsToTheRunsStart() {
    Instant now = Instant.parse("2026-11-21T08:00:00Z");
    RunContext given = RunContext.from(RunSettings.writingTo(StoreSpec.sqlite(Path.of("a.db")))
        .withAsOf(Instant.parse("2026-11-20T00:00:00Z")).withRunId("r1")
        .withFreshFor(Duration.ofHours(2)), options("--activeWindowDays=7"), now);
    assertEquals(new RunContext("r1", Instant.parse("2026-11-20T00:00:00Z"), now,
        Duration.ofHours(2), Duration.ofDays(7)), given);

    RunContext defaults = RunContext.from(RunSettings.writingTo(StoreSpec.sqlite(Path.of("a.db"))),
        options(), now);
    assertEquals(now, defaults.asOf());
    assertTrue(defaults.runId(), defaults.runId().matches("20261121080000-[0-9a-f]{8}"));
    assertNull(defaults.freshFor());
    assertNull("a blank run id is no run id",
        RunSettings.writingTo(StoreSpec.sqlite(Path.of("a.db"))).withRunId(" ").runId());
  }

  private static void assertMessage(String start, String arg) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunSettings.from(options(arg)));
    assertTrue(e.getMessage(), e.getMessage().startsWith(start));
  }

  private static PrecomputeOptions options(String... args) {
    return PrecomputeRunner.parseOptions(List.of(), args);
  }
}
