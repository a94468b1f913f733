package com.avalo.precompute.seed;

/**
 * Progress of a long seed or load run, for a progress bar. Called from the working thread, a
 * few hundred times per phase at most; implementations should return quickly.
 */
@FunctionalInterface
public interface SeedProgress {
  /**
   * @param phase what is being produced, e.g. {@code "users"} or {@code "load messages"}
   * @param done units finished in this phase
   * @param total units in this phase (users for generation, records for loading)
   */
  void update(String phase, long done, long total);

  /** Progress that goes nowhere. */
  static SeedProgress none() {
    return (phase, done, total) -> {};
  }
}
