package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CacheKeyTest {

  /** The vectors schemas/README.md gives readers in other languages (its TypeScript encoder). */
  @Test
  public void valuesAreEncodedAsTheReadmeTellsOtherLanguages() {
    assertEquals("Los+Angeles", CacheKey.encodeValue("Los Angeles"));
    assertEquals("Krak%C3%B3w", CacheKey.encodeValue("Kraków"));
    assertEquals("a%2Ab%21c%7Ed%27e%28f%29g.h-i_j", CacheKey.encodeValue("a*b!c~d'e(f)g.h-i_j"));
    assertEquals("x%2By%26z%3D1%2C2%2F3", CacheKey.encodeValue("x+y&z=1,2/3"));
  }

  @Test
  public void parsesEveryKeyForm() {
    assertEquals(DocumentType.PROFILE, CacheKey.parse("user:abc").type());
    assertEquals(DocumentType.USER_STATS, CacheKey.parse("user:abc:stats").type());
    assertEquals(DocumentType.USER_TOKENS, CacheKey.parse("user:abc:tokens").type());
    assertEquals(3, CacheKey.parse("feed:abc:3").page());
    assertEquals(DocumentType.MATCHES, CacheKey.parse("matches:abc").type());
    assertEquals(0, CacheKey.parse("chats:abc").page());
    assertEquals(2, CacheKey.parse("chats:abc:2").page());
    assertEquals(DocumentType.POST, CacheKey.parse("post:p1").type());
    assertEquals(DocumentType.MEDIA, CacheKey.parse("media:m1").type());
    assertEquals("2026-W47", CacheKey.parse("analytics:active_users:2026-W47").detail());
    assertEquals(Map.of("city", "New York", "gender", "female"),
        CacheKey.parse("count:users:city=New+York,gender=female").filters());
  }

  @Test
  public void buildsCanonicalCountKeys() {
    CacheKey key = DocumentType.COUNT.key("users", CacheKey.formatFilters(Map.of("gender", "female", "city", "São Paulo")));
    assertEquals("count:users:city=S%C3%A3o+Paulo,gender=female", key.value());
    assertEquals("São Paulo", key.filters().get("city"));
    assertEquals("count:messages:all", DocumentType.COUNT.key("messages", CacheKey.formatFilters(Map.of())).value());
  }

  @Test
  public void rejectsInvalidKeysWithTheReason() {
    assertReason("", "empty");
    assertReason("usr:abc", "unknown key prefix 'usr'");
    assertReason("user:abc:likes", "':stats' or ':tokens'");
    assertReason("feed:abc:-1", "page number from 0 to 999999");
    assertReason("feed:abc:1000000", "page number from 0 to 999999");
    assertReason("feed:abc", "expected 3");
    assertReason("user:a/b", "must be 1-128 characters");
    assertReason("chats:abc:0", "without ':0'");
    assertReason("count:widgets:all", "unknown collection 'widgets'");
    assertReason("count:users:gender=female,city=Berlin", "sorted");
    assertReason("analytics:dau:yesterday", "period 'yesterday'");
    assertReason("user:" + "x".repeat(600), "longer than");
    assertReason("count:users:city=%ZZ", "'%ZZ' at character 17 is no percent-escape");
    assertReason("analytics:api_calls.%2:2026-11-20", "'%2' at character 20 is no percent-escape");
    assertReason("count:users:city=a%2,status=%ZZ", "'%2,' at character 18 is no percent-escape");
    // A segment that fails for another reason is not blamed for a later segment's '%'.
    assertReason("analytics:Dau:2026-11%", "metric 'Dau' must be lower-case letters");
  }

  @Test
  public void acceptsOnlyPeriodsThatExist() {
    for (String period : List.of("2026-01", "2026-12", "2024-02-29", "2026-12-31T23", "2026-01-01T00",
        "2026-W01", "2026-W52", "2026-W53", "2020-W53")) {
      assertTrue(period, CacheKey.isValid("analytics:dau:" + period));
    }
    assertReason("analytics:dau:2026-13", "period '2026-13'");
    assertReason("analytics:dau:2026-00", "period '2026-00'");
    assertReason("analytics:dau:2026-11-00", "period '2026-11-00'");
    assertReason("analytics:dau:2026-11-32", "period '2026-11-32'");
    assertReason("analytics:dau:2026-11-20T24", "period '2026-11-20T24'");
    assertReason("analytics:dau:2026-W00", "period '2026-W00'");
    assertReason("analytics:dau:2026-W54", "period '2026-W54'");
    assertReason("analytics:dau:2026-02-29", "2026-02 has 28 days");
    assertReason("analytics:dau:2026-11-31", "2026-11 has 30 days");
    assertReason("analytics:dau:2025-W53", "ISO year 2025 has 52 weeks");
  }

  @Test
  public void prefixesMatchWholeSegments() {
    assertTrue(CacheKey.isUnderPrefix("user:ab", "user:ab"));
    assertTrue(CacheKey.isUnderPrefix("user:ab:stats", "user:ab"));
    assertFalse(CacheKey.isUnderPrefix("user:abc", "user:ab"));
    assertFalse(CacheKey.isUnderPrefix("feed:ab:0", "user:ab"));
  }

  private static void assertReason(String key, String reason) {
    InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> CacheKey.parse(key));
    assertTrue(e.getMessage(), e.getMessage().contains(reason));
    assertFalse(CacheKey.isValid(key));
  }
}
