package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.incremental.DocumentDiff.Action;
import com.avalo.precompute.io.KeyScope;
import com.avalo.precompute.io.OneOffRefresh;
import com.avalo.precompute.io.RefreshPolicy;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.TokenBalance;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

/** The whole incremental rule, one key at a time: put, skip or delete, and what is left stored. */
public class DocumentDiffTest {
  private static final Instant NOW = Instant.parse("2026-11-20T06:00:00Z");
  private static final RefreshPolicy REFRESH = new OneOffRefresh(NOW, null);
  /** user:{uid}:tokens is fresh for an hour by default: skipped when fresh until NOW + 30 min. */
  private static final Instant COVERS = NOW.plus(Duration.ofMinutes(30));

  private static final CacheDocument NEXT = tokens(100);
  private static final CacheWrite NEXT_PUT = CacheWrite.put(NEXT);

  @Test
  public void newKeysArePutAndVanishedKeysDeleted() {
    assertEquals(Action.PUT, DocumentDiff.decide(null, NEXT_PUT, REFRESH, KeyScope.ALL));
    assertEquals(Action.DELETE, DocumentDiff.decide(stamp(NEXT.contentHash(), COVERS), null, REFRESH, KeyScope.ALL));
  }

  @Test
  public void sameContentStillFreshAtTheNextRefreshIsSkippedAndKeepsItsStoredExpiry() {
    DocumentStamp stored = stamp(NEXT.contentHash(), COVERS);
    assertEquals(Action.SKIP, DocumentDiff.decide(stored, NEXT_PUT, REFRESH, KeyScope.ALL));
    assertEquals(stored, DocumentDiff.stampAfter(Action.SKIP, stored, NEXT_PUT));
  }

  @Test
  public void sameContentThatWouldGoStaleBeforeTheNextRefreshIsWritten() {
    DocumentStamp stored = stamp(NEXT.contentHash(), COVERS.minusNanos(1));
    assertEquals(Action.PUT, DocumentDiff.decide(stored, NEXT_PUT, REFRESH, KeyScope.ALL));
    assertEquals(DocumentDiff.stampOf(NEXT_PUT), DocumentDiff.stampAfter(Action.PUT, stored, NEXT_PUT));
  }

  @Test
  public void aDocumentThatOutlivesItsTypeIsWrittenWhenTheStoredCopyExpiresSooner() {
    // A closed analytics bucket expires 400 days after its end, and no later run rewrites it. One
    // stored by an earlier build with the type's expiry, fresh for another 20 h, was skipped as
    // unchanged by the backfill that was to keep it: it still went stale the next day.
    Instant longExpiry = NOW.plus(Duration.ofDays(400));
    CacheWrite closed = CacheWrite.put(CacheDocument.of(DocumentType.USER_TOKENS.key("ann"),
        new TokenBalance("ann", 100, 0, 0, 100),
        new CacheDocument.Provenance("user-stats", "run-2", NOW, NOW), longExpiry));
    String hash = closed.rendered().contentHash();
    assertEquals(Action.PUT, DocumentDiff.decide(
        stamp(hash, NOW.plus(Duration.ofHours(20))), closed, REFRESH, KeyScope.ALL));
    assertEquals(Action.SKIP, DocumentDiff.decide(stamp(hash, longExpiry), closed, REFRESH, KeyScope.ALL));
  }

  @Test
  public void theSamePayloadUnderAnotherSchemaVersionIsWrittenAgain() {
    // Stored by a release at another version of the type (a bump rolled back, or rolled out):
    // readers take a document of a version they do not read as a miss, however fresh.
    int current = DocumentType.USER_TOKENS.schemaVersion();
    DocumentStamp stored = stamp(NEXT.contentHash(), NOW.plus(Duration.ofDays(9)), current + 1);
    assertEquals(Action.PUT, DocumentDiff.decide(stored, NEXT_PUT, REFRESH, KeyScope.ALL));
    assertEquals(current, DocumentDiff.stampAfter(Action.PUT, stored, NEXT_PUT).schemaVersion());
  }

  @Test
  public void aManifestLineWrittenBeforeStampsCarriedTheVersionReadsAsVersionOne() {
    DocumentStamp stored = ManifestFiles.stamp("{\"key\":\"user:ann:tokens\",\"job\":\"user-stats\","
        + "\"contentHash\":\"" + NEXT.contentHash() + "\",\"expiresAt\":\"" + COVERS + "\"}");
    assertEquals(1, stored.schemaVersion());
    assertEquals(Action.SKIP, DocumentDiff.decide(stored, NEXT_PUT, REFRESH, KeyScope.ALL));
  }

  @Test
  public void changedContentIsWrittenHoweverFreshTheStoredOne() {
    assertEquals(Action.PUT,
        DocumentDiff.decide(stamp(tokens(99).contentHash(), NOW.plus(Duration.ofDays(9))), NEXT_PUT, REFRESH, KeyScope.ALL));
  }

  @Test
  public void aKeyOutsideTheRunsScopeIsKeptAsStoredNotDeleted() {
    DocumentStamp stored = stamp(NEXT.contentHash(), NOW.minus(Duration.ofDays(30)));
    KeyScope otherKeys = key -> !key.equals(stored.key());
    assertEquals(Action.KEEP, DocumentDiff.decide(stored, null, REFRESH, otherKeys));
    assertEquals(stored, DocumentDiff.stampAfter(Action.KEEP, stored, null));
  }

  @Test
  public void aDeletedKeyLeavesNoStampAndNothingIsNotAKey() {
    assertNull(DocumentDiff.stampAfter(Action.DELETE, stamp("sha256:x", COVERS), null));
    assertThrows(IllegalArgumentException.class, () -> DocumentDiff.decide(null, null, REFRESH, KeyScope.ALL));
    assertThrows(IllegalArgumentException.class, () -> DocumentDiff.decide(
        new DocumentStamp("user:bob:tokens", "user-stats", NEXT.contentHash(), COVERS, 1), NEXT_PUT, REFRESH, KeyScope.ALL));
  }

  static CacheDocument tokens(long balance) {
    return CacheDocument.of(DocumentType.USER_TOKENS.key("ann"),
        new TokenBalance("ann", balance, 0, 0, balance),
        new CacheDocument.Provenance("user-stats", "run-2", NOW, NOW), REFRESH.expiresAt(DocumentType.USER_TOKENS));
  }

  private static DocumentStamp stamp(String hash, Instant expiresAt) {
    return stamp(hash, expiresAt, DocumentType.USER_TOKENS.schemaVersion());
  }

  private static DocumentStamp stamp(String hash, Instant expiresAt, int schemaVersion) {
    return new DocumentStamp("user:ann:tokens", "user-stats", hash, expiresAt, schemaVersion);
  }
}
