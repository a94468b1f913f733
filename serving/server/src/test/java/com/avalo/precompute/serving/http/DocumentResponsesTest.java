package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

/** The freshness arithmetic and ETag matching, without a server. */
public class DocumentResponsesTest {
  private static final Instant NOW = TestDocuments.NOW;

  private static CacheDocument expiringIn(Duration ttl) {
    return TestDocuments.document("user:alice", TestDocuments.profile("alice"), ttl);
  }

  @Test
  public void maxAgeIsTheWholeSecondsLeftFlooredAtZero() {
    assertEquals("private, max-age=300",
        DocumentResponses.cacheControl(expiringIn(Duration.ofMinutes(5)), false, NOW));
    assertEquals("private, max-age=299", DocumentResponses.cacheControl(
        expiringIn(Duration.ofMinutes(5)), false, NOW.plusMillis(1)));
    assertEquals("private, max-age=0",
        DocumentResponses.cacheControl(expiringIn(Duration.ofMillis(999)), false, NOW));
    assertEquals("private, max-age=0",
        DocumentResponses.cacheControl(expiringIn(Duration.ofSeconds(-5)), false, NOW));
    assertEquals("private, no-cache",
        DocumentResponses.cacheControl(expiringIn(Duration.ofMinutes(5)), true, NOW));
  }

  @Test
  public void ifNoneMatchComparesWeaklyAndAcceptsListsAndStar() {
    String hash = "sha256:abc";
    assertTrue(DocumentResponses.ifNoneMatchMatches("\"sha256:abc\"", hash));
    assertTrue(DocumentResponses.ifNoneMatchMatches("W/\"sha256:abc\"", hash));
    assertTrue(DocumentResponses.ifNoneMatchMatches("\"x\" , \"sha256:abc\"", hash));
    assertTrue(DocumentResponses.ifNoneMatchMatches("*", hash));
    assertFalse(DocumentResponses.ifNoneMatchMatches(null, hash));
    assertFalse(DocumentResponses.ifNoneMatchMatches("sha256:abc", hash));
    assertFalse(DocumentResponses.ifNoneMatchMatches("\"sha256:abcd\"", hash));
  }
}
