package com.avalo.precompute.io;

import com.avalo.precompute.incremental.FirestorePrices;
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
 * snapshot time, its id, how long its documents stay fresh, where local dead letters go, and how
 * it writes incrementally. The CLI builds them from its flags, a launcher handed Beam-style
 * arguments with {@link #from}, a scheduler directly; each value is parsed once, where it enters.
 *
 * @param store where the documents go
 * @param asOf the snapshot time the documents are computed as of, or null for the run's start
 * @param runId the run's id, or null (or blank) for a generated one
 * @param freshFor how long every document stays fresh, or null for each type's default
 * @param deadLetterDir the directory of the embedded store's dead-letter files, or null for
 *     {@code dead-letters} next to the store file; a Firestore run writes them to a collection
 * @param stateLocation the directory (or {@code gs://} prefix) of run manifests and the state
 *     file, or null for the store's default (next to an SQLite file; Firestore has none)
 * @param full whether to diff against the store's own keys rather than the last manifest
 * @param prices Firestore's prices, for the run's cost estimate
 * @param refresh the expiry and skip rule, or null for a one-off run's ({@link OneOffRefresh})
 */
public record RunSettings(StoreSpec store, Instant asOf, String runId, Duration freshFor,
    Path deadLetterDir, String stateLocation, boolean full, FirestorePrices prices,
    RefreshPolicy refresh) {

  public RunSettings {
    Objects.requireNonNull(store, "store");
    runId = runId == null || runId.isBlank() ? null : runId;
    if (runId != null && !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("--run-id '" + runId + "' must be 1-" + MAX_RUN_ID_LENGTH
          + " letters, digits,"
          + " '.', '_' or '-', starting with a letter or digit: it names the run's dead-letter"
          + " directory and manifests");
    }
    stateLocation = stateLocation == null || stateLocation.isBlank() ? null : stateLocation;
    if (stateLocation != null && stateLocation.contains("://")
        && GLOB.matcher(stateLocation).find()) {
      throw new IllegalArgumentException("--stateLocation '" + stateLocation + "' has a glob"
          + " character (* ? [): Beam's file systems read such a path as a pattern, so its"
          + " manifests could not be found again; choose a location without them");
    }
    prices = prices == null ? FirestorePrices.LIST : prices;
  }

  /**
   * What Beam's {@code FileSystems.match} takes for a glob on an object store such as gs://. A
   * local state location may hold them: it is listed, and an existing file is matched as itself.
   */
  private static final java.util.regex.Pattern GLOB = java.util.regex.Pattern.compile("[*?\\[]");

  /** The longest run id: what a document's envelope may have to hold. */
  public static final int MAX_RUN_ID_LENGTH = 128;

  /** Safe as one path segment: no separators, no {@code ..}. */
  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_RUN_ID_LENGTH - 1) + "}");

  /** A run writing to {@code store}, every other setting at its default. */
  public static RunSettings writingTo(StoreSpec store) {
    return new RunSettings(store, null, null, null, null, null, false, null, null);
  }

  public RunSettings withStore(StoreSpec value) {
    return new RunSettings(value, asOf, runId, freshFor, deadLetterDir, stateLocation, full, prices, refresh);
  }

  public RunSettings withAsOf(Instant value) {
    return new RunSettings(store, value, runId, freshFor, deadLetterDir, stateLocation, full, prices, refresh);
  }

  public RunSettings withRunId(String value) {
    return new RunSettings(store, asOf, value, freshFor, deadLetterDir, stateLocation, full, prices, refresh);
  }

  public RunSettings withFreshFor(Duration value) {
    return new RunSettings(store, asOf, runId, value, deadLetterDir, stateLocation, full, prices, refresh);
  }

  public RunSettings withDeadLetterDir(Path value) {
    return new RunSettings(store, asOf, runId, freshFor, value, stateLocation, full, prices, refresh);
  }

  public RunSettings withStateLocation(String value) {
    return new RunSettings(store, asOf, runId, freshFor, deadLetterDir, value, full, prices, refresh);
  }

  public RunSettings withFull(boolean value) {
    return new RunSettings(store, asOf, runId, freshFor, deadLetterDir, stateLocation, value, prices, refresh);
  }

  public RunSettings withPrices(FirestorePrices value) {
    return new RunSettings(store, asOf, runId, freshFor, deadLetterDir, stateLocation, full, value, refresh);
  }

  /** A scheduled run's expiry and skip rule, in place of the one-off rule. */
  public RunSettings withRefresh(RefreshPolicy value) {
    return new RunSettings(store, asOf, runId, freshFor, deadLetterDir, stateLocation, full, prices, value);
  }

  /**
   * The settings Beam-style arguments give: {@code --store} (with {@code --firestoreProject} and
   * {@code --emulatorHost}), {@code --asOf}, {@code --runId}, {@code --freshFor},
   * {@code --deadLetterDir}, {@code --stateLocation}, {@code --full} and
   * {@code --firestorePrices}; empty values mean the defaults. The only reader of those options.
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
        null, false, null, null).withIncrementalOptions(options);
  }

  /**
   * These settings with {@code --stateLocation}, {@code --full} and {@code --firestorePrices} of
   * the options, which the CLI passes to Beam as they are.
   */
  public RunSettings withIncrementalOptions(PrecomputeOptions options) {
    return withStateLocation(options.getStateLocation()).withFull(options.getFull())
        .withPrices(option("firestorePrices", options.getFirestorePrices(), FirestorePrices::parse));
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
    Instant asOf;
    try {
      asOf = Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        asOf = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("'" + text + "' is neither an RFC 3339 instant"
            + " (2026-11-20T12:00:00Z) nor a date (2026-11-20)");
      }
    }
    // Documents carry it, and the ends of its periods, as RFC 3339 timestamps of four-digit years.
    if (asOf.isBefore(EARLIEST_AS_OF) || !asOf.isBefore(LATEST_AS_OF)) {
      throw new IllegalArgumentException("'" + text + "' is outside the years 0001-9998 that"
          + " documents can carry");
    }
    return asOf;
  }

  private static final Instant EARLIEST_AS_OF = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST_AS_OF = Instant.parse("9999-01-01T00:00:00Z");

  /** The longest {@code --freshFor}: longer is a typo, and could not be written as a timestamp. */
  public static final Duration MAX_FRESH_FOR = Duration.ofDays(3650);

  /**
   * Parses how long documents stay fresh: an ISO-8601 duration.
   *
   * @throws IllegalArgumentException quoting {@code text} and the accepted form
   */
  public static Duration parseFreshFor(String text) {
    Duration freshFor;
    try {
      freshFor = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT6H or P1D");
    }
    if (freshFor.isNegative() || freshFor.isZero() || freshFor.compareTo(MAX_FRESH_FOR) > 0) {
      throw new IllegalArgumentException("'" + text + "' must be more than zero and at most "
          + MAX_FRESH_FOR.toDays() + " days (P" + MAX_FRESH_FOR.toDays() + "D)");
    }
    return freshFor;
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
