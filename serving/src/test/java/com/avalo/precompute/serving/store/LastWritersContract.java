package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;

import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import java.time.Instant;
import java.util.Optional;
import org.junit.Test;

/** What every store's last writers do: a mark per job, the latest replacing the one before. */
public abstract class LastWritersContract {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123Z");

  /** Last writers on a store of the test's own, empty at first. */
  protected abstract LastWriters connect();

  @Test
  public void aJobNobodyMarkedHasNoLastWriter() {
    try (LastWriters writers = connect()) {
      assertEquals(Optional.empty(), writers.get("feeds"));
    }
  }

  @Test
  public void aMarkReplacesOnlyTheMarkItsRunSaw() {
    LastWriter first = new LastWriter("feeds", "r1", "gs://bucket/state", T0);
    LastWriter second = new LastWriter("feeds", "r2", "gs://bucket/state", T0.plusSeconds(60));
    LastWriter other = new LastWriter("feeds", "b1", "/home/analyst/state", T0.plusSeconds(30));
    try (LastWriters writers = connect()) {
      assertEquals(Optional.empty(), writers.replace(Optional.empty(), first));
      assertEquals("no mark expected, one there", Optional.of(first),
          writers.replace(Optional.empty(), other));
      writers.put(other);
      assertEquals("the run saw r1's mark, b1's is there", Optional.of(other),
          writers.replace(Optional.of(first), second));
      assertEquals(Optional.of(other), writers.get("feeds"));
      assertEquals(Optional.empty(), writers.replace(Optional.of(other), second));
      assertEquals(Optional.of(second), writers.get("feeds"));
    }
  }

  @Test
  public void eachJobKeepsItsLatestMarkAcrossConnections() {
    LastWriter first = new LastWriter("feeds", "r1", "gs://bucket/state", T0);
    LastWriter second = new LastWriter("feeds", "r2", "/home/analyst/state", T0.plusSeconds(60));
    LastWriter other = new LastWriter("chats", "r1", "gs://bucket/state", T0);
    try (LastWriters writers = connect()) {
      writers.put(first);
      writers.put(other);
      writers.put(second);
    }
    try (LastWriters writers = connect()) {
      assertEquals(Optional.of(second), writers.get("feeds"));
      assertEquals(Optional.of(other), writers.get("chats"));
    }
  }
}
