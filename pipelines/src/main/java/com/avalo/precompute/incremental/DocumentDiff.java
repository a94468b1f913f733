package com.avalo.precompute.incremental;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.KeyScope;
import com.avalo.precompute.io.RefreshPolicy;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.time.Instant;

/**
 * What a run does with one key, given what the last run left there and what this run computed:
 * the whole incremental rule in one pure function, so it is tested without a pipeline.
 *
 * <ul>
 *   <li>computed, nothing stored: put;
 *   <li>computed, stored with another content hash or schema version: put (a payload that reads
 *       the same is still labelled with the old version, which the new version's readers take as
 *       a miss);
 *   <li>computed, stored with the same hash, but the stored expiry does not cover the next
 *       refresh ({@link RefreshPolicy#coversNextRefresh}): put, so it does not go stale;
 *   <li>computed, stored with the same hash and an expiry that covers the next refresh: skip,
 *       unless the run gives the document an expiry beyond its type's (a closed analytics bucket,
 *       which no later run rewrites) and the stored one ends sooner: put;
 *   <li>stored, not computed, in the run's {@link KeyScope}: delete. Nothing else is ever deleted;
 *   <li>stored, not computed, outside the run's scope (an analytics bucket outside the window it
 *       computes): kept as it is, and listed in the new manifest;
 *   <li>computed but refused before the diff (over the size limit, so it is a dead letter): the
 *       stored copy, if any, is kept as it is until its own expiry. A refusal is not a vanished
 *       key: deleting the last good copy would turn one bad document into a missing one.
 * </ul>
 */
public final class DocumentDiff {
  private DocumentDiff() {}

  /** What a run does with a key. */
  public enum Action {
    PUT, SKIP, DELETE,
    /** Stored and not computed, but not this run's to delete. */
    KEEP,
    /** Computed but refused: whatever is stored stays; nothing is written. */
    REFUSED
  }

  /**
   * The action for a key.
   *
   * @param previous what the last run left under the key, or null
   * @param next what this run computed for the key, or null
   * @param scope the keys this run recomputes
   * @throws IllegalArgumentException when both are null or their keys differ
   */
  public static Action decide(DocumentStamp previous, CacheWrite next, RefreshPolicy refresh,
      KeyScope scope) {
    if (next == null) {
      if (previous == null) {
        throw new IllegalArgumentException("nothing stored and nothing computed: no key to decide");
      }
      return scope.owns(previous.key()) ? Action.DELETE : Action.KEEP;
    }
    if (previous == null) {
      return Action.PUT;
    }
    if (!previous.key().equals(next.key())) {
      throw new IllegalArgumentException("stamp of " + previous.key() + " against " + next.key());
    }
    // From the put's stored form: its envelope fields, without parsing the document back.
    DocumentType type = DocumentType.fromTypeName(next.rendered().type());
    boolean sameContent = previous.contentHash().equals(next.rendered().contentHash())
        && previous.schemaVersion() == type.schemaVersion();
    return sameContent && refresh.coversNextRefresh(type, previous.expiresAt())
        && keepsItsLongExpiry(previous, next, refresh, type) ? Action.SKIP : Action.PUT;
  }

  /**
   * Whether the stored copy already expires when this run would have it expire, for a document
   * that outlives its type's expiry (a closed analytics bucket): no later run refreshes it, so a
   * stored copy with a shorter expiry (written by an earlier build) must be written again, however
   * fresh it is now. Any other document is refreshed by the next run, and this holds.
   */
  private static boolean keepsItsLongExpiry(DocumentStamp previous, CacheWrite next,
      RefreshPolicy refresh, DocumentType type) {
    Instant expiresAt = next.rendered().expiresAt();
    return !expiresAt.isAfter(refresh.expiresAt(type)) || !previous.expiresAt().isBefore(expiresAt);
  }

  /** What the store holds under the key after {@code action}: the new manifest's entry, or null. */
  public static DocumentStamp stampAfter(Action action, DocumentStamp previous, CacheWrite next) {
    return switch (action) {
      case PUT -> stampOf(next);
      case SKIP, KEEP, REFUSED -> previous; // the stored document stays, its expiry with it
      case DELETE -> null;
    };
  }

  /** The stamp of a put as written. */
  public static DocumentStamp stampOf(CacheWrite put) {
    return new DocumentStamp(put.key(), put.job(), put.rendered().contentHash(),
        put.rendered().expiresAt(),
        DocumentType.fromTypeName(put.rendered().type()).schemaVersion());
  }
}
