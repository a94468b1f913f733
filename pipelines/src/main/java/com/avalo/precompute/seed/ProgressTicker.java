package com.avalo.precompute.seed;

/** Reports a phase's progress about every 1% (and at the end), not on every unit. */
final class ProgressTicker {
  private final SeedProgress progress;
  private final String phase;
  private final long total;
  private final long step;
  private long nextReport;

  ProgressTicker(SeedProgress progress, String phase, long total) {
    this.progress = progress;
    this.phase = phase;
    this.total = total;
    this.step = Math.max(1, total / 100);
    progress.update(phase, 0, total);
    this.nextReport = step;
  }

  void advanceTo(long done) {
    if (done >= nextReport && done < total) { // finish() reports the end
      progress.update(phase, done, total);
      nextReport = done + step;
    }
  }

  void finish() {
    progress.update(phase, total, total);
  }
}
