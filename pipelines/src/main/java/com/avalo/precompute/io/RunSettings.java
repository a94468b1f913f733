package com.avalo.precompute.io;

import com.avalo.precompute.serving.store.StoreSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The typed settings of one run, which {@link PrecomputeRunner#run} takes: where it writes, the
 * snapshot time, its id, how long its documents stay fresh and where local dead letters go. The
 * CLI builds them from its flags, a launcher handed Beam-style arguments with {@link #from}, a
 * scheduler directly; each value is parsed once, where it enters.
 *
 * @param store where the documents go
 * @param asOf the snapshot time the documents are computed as of, or null for the run's start
 * @param runId the run's id, or null (or blank) for a generated one
 * @param freshFor how long every document stays fresh, or null for each type's default
 * @param deadLetterDir the directory of the embedded store's dead-letter files, or null for
 *     {@code dead-letters} next to the store file; a Firestore run writes them to a collection
 * @param refresh the expiry and skip rule, or null for a one-off run's ({@link OneOffRefresh})
 */
public record RunSettings(StoreSpec store, Instant asOf, String runId, Duration freshFor,
    Path deadLetterDir, RefreshPolicy refresh) {

  public RunSettings {
    Objects.requireNonNull(store, "store");
    runId = runId == null || runId.isBlank() ? null : runId;
  }

  /** A run writing to {@code store}, every other setting at its default. */
  public static RunSettings writingTo(StoreSpec store) {
    return new RunSettings(store, null, null, null, null, null);
  }

  public RunSettings withAsOf(Instant value) {
    return new RunSettings(store, value, runId, freshFor, deadLetterDir, refresh);
  }

  public RunSettings withRunId(String value) {
    return new RunSettings(store, asOf, value, freshFor, deadLetterDir, refresh);
  }

  public RunSettings withFreshFor(Duration value) {
    return new RunSettings(store, asOf, runId, value, deadLetterDir, refresh);
  }

  public RunSettings withDeadLetterDir(Path value) {
    return new RunSettings(store, asOf, runId, freshFor, value, refresh);
  }

  /** A scheduled run's expiry and skip rule, in place of the one-off rule. */
  public RunSettings withRefresh(RefreshPolicy value) {
    return new RunSettings(store, asOf, runId, freshFor, deadLetterDir, value);
  }

  /**
   * The settings Beam-style arguments give: {@code --store} (with {@code --firestoreProject} and
   * {@code --emulatorHost}), {@code --asOf}, {@code --runId}, {@code --freshFor} and
   * {@code --deadLetterDir}; empty values mean the defaults. The only reader of those options.
   *
   * @throws IllegalArgumentException naming the option and the forms it accepts
   */
  public static RunSettings from(PrecomputeOptions options) {
    return new RunSettings(
        StoreSpec.parse(options.getStore(), options.getFirestoreProject(), options.getEmulatorHost()),
        option("asOf", options.getAsOf(), RunSettings::parseAsOf),
        options.getRunId(),
        freshFor(options),
        option("deadLetterDir", options.getDeadLetterDir(), Path::of),
        null);
  }

  /** {@code --freshFor} of the options, or null when empty: the one parser of that option. */
  public static Duration freshFor(PrecomputeOptions options) {
    return option("freshFor", options.getFreshFor(), RunSettings::parseFreshFor);
  }

  /**
   * Parses a snapshot time: an RFC 3339 instant, or a date meaning its UTC midnight.
   *
   * @throws IllegalArgumentException quoting {@code text} and the accepted forms
   */
  public static Instant parseAsOf(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("'" + text + "' is neither an RFC 3339 instant"
            + " (2026-11-20T12:00:00Z) nor a date (2026-11-20)");
      }
    }
  }

  /**
   * Parses how long documents stay fresh: an ISO-8601 duration.
   *
   * @throws IllegalArgumentException quoting {@code text} and the accepted form
   */
  public static Duration parseFreshFor(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT6H or P1D");
    }
  }

  private static <T> T option(String name, String text, Function<String, T> parser) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
    }
  }
}
