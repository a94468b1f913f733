package com.avalo.precompute.io;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.serving.store.RenderedDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What every document of one run shares: the snapshot time, the run id, when it was computed and
 * how long its documents stay fresh. Built once when the pipeline is constructed, so every worker
 * stamps the same values.
 *
 * @param runId identifier of the run
 * @param asOf the snapshot time the content is computed as of
 * @param computedAt when the run started
 * @param freshFor a duration overriding every type's default freshness, or null
 * @param activeWindow users last active within this window count as active
 * @param refresh when this run's documents expire, and which stored ones it may leave alone
 */
public record RunContext(String runId, Instant asOf, Instant computedAt, Duration freshFor,
    Duration activeWindow, RefreshPolicy refresh) implements Serializable {

  public RunContext {
    Objects.requireNonNull(refresh, "refresh");
  }

  /** The context of a one-off run: documents fresh for {@code freshFor} or each type's default. */
  public RunContext(String runId, Instant asOf, Instant computedAt, Duration freshFor,
      Duration activeWindow) {
    this(runId, asOf, computedAt, freshFor, activeWindow, new OneOffRefresh(computedAt, freshFor));
  }

  /**
   * The context of a run started at {@code now} with {@code settings}; the active window comes
   * from the options ({@code --activeWindowDays}).
   *
   * @throws IllegalArgumentException when the active window is not positive
   */
  public static RunContext from(RunSettings settings, PrecomputeOptions options, Instant now) {
    Instant asOf = settings.asOf() != null ? settings.asOf() : now;
    String runId = settings.runId() != null ? settings.runId()
        : now.toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    if (options.getActiveWindowDays() <= 0) {
      throw new IllegalArgumentException("--activeWindowDays must be positive");
    }
    RefreshPolicy refresh = settings.refresh() != null ? settings.refresh()
        : new OneOffRefresh(now, settings.freshFor());
    return new RunContext(runId, asOf, now, settings.freshFor(),
        Duration.ofDays(options.getActiveWindowDays()), refresh);
  }

  /**
   * The context Beam-style options give ({@code --asOf}, {@code --runId}, ...; see
   * {@link RunSettings#from}).
   *
   * @throws IllegalArgumentException with the accepted forms when a value does not parse
   */
  public static RunContext from(PrecomputeOptions options, Instant now) {
    return from(RunSettings.from(options), options, now);
  }

  /** The provenance stamped on documents of {@code job}. */
  public CacheDocument.Provenance provenance(String job) {
    return new CacheDocument.Provenance(job, runId, asOf, computedAt);
  }

  /** When a document of {@code type} written by this run stops being fresh ({@link #refresh}). */
  public Instant expiresAt(DocumentType type) {
    return refresh.expiresAt(type);
  }

  /** Wraps a payload for {@code key} in this run's envelope. */
  public CacheDocument document(String job, CacheKey key, Object payload) {
    return CacheDocument.of(key, payload, provenance(job), expiresAt(key.type()));
  }

  /**
   * The put of a payload for {@code key} in this run's envelope, rendered straight to its stored
   * form: what jobs emit. Equal to {@code CacheWrite.put(document(job, key, payload))}, without
   * building the document's tree.
   */
  public CacheWrite put(String job, CacheKey key, Object payload) {
    return put(job, key, payload, expiresAt(key.type()));
  }

  /** As {@link #put(String, CacheKey, Object)}, for a document that expires when the job says. */
  public CacheWrite put(String job, CacheKey key, Object payload, Instant expiresAt) {
    return CacheWrite.put(job, RenderedDocument.render(key, payload, provenance(job), expiresAt));
  }

  /** Whether a user last active at {@code lastActiveAt} is active as of this run (window inclusive). */
  public boolean isActive(Instant lastActiveAt) {
    return !lastActiveAt.isBefore(asOf.minus(activeWindow));
  }

  /** The longest id a key may hold (1-128 characters, KeyPart.ID): the widest uid of a page. */
  public static final String WIDEST_ID = "x".repeat(128);

  /** The latest instant a run may name, with every fraction digit: the widest timestamp. */
  private static final Instant WIDEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /**
   * Bytes of the document of {@code payload} under {@code key} with the widest envelope any run
   * can give it (the longest run id, timestamps with every digit): what a page budget must leave
   * for the envelope, so that where pages break does not move with the run id or the clock.
   */
  public static int widestDocumentBytes(String job, CacheKey key, Object payload) {
    CacheDocument.Provenance widest = new CacheDocument.Provenance(job,
        "x".repeat(RunSettings.MAX_RUN_ID_LENGTH), WIDEST_INSTANT, WIDEST_INSTANT);
    return CacheDocument.of(key, payload, widest, WIDEST_INSTANT).jsonSizeBytes();
  }
}
