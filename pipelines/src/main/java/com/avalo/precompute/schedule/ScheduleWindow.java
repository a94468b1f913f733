package com.avalo.precompute.schedule;

import java.io.Serializable;
import java.time.Instant;

/**
 * The stretch of time one tick of a schedule computes: from the previous tick (inclusive) to the
 * tick itself (exclusive). A run of the window is computed as of its end, the tick's scheduled
 * time, never the wall clock, so every run of the same window writes the same content.
 *
 * @param start the previous tick
 * @param end the tick that computes this window
 */
public record ScheduleWindow(Instant start, Instant end) implements Serializable {
  public ScheduleWindow {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("a window must start before it ends: " + start + " .. " + end);
    }
  }

  /** The snapshot time of the window's run ({@code --as-of}): its end. */
  public Instant asOf() {
    return end;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
