package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * Every {@link DocumentType} entry is complete and consistent: a type that misses a fact, or whose
 * facts disagree (a route naming a placeholder its key lacks, an owner-readable type whose key does
 * not name its owner), fails here rather than at run time.
 */
public class DocumentTypeRegistryTest {
  private static final Pattern ROUTE_PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  @Test
  public void everyTypeHasEveryFact() {
    for (DocumentType type : DocumentType.values()) {
      String name = type.typeName();
      assertFalse(name, type.keyTemplates().isEmpty());
      assertTrue(name, type.payloadClass().isRecord());
      assertTrue(name, !type.defaultMemoryTtl().isNegative() && !type.defaultMemoryTtl().isZero());
      assertTrue(name, !type.defaultFreshness().isNegative() && !type.defaultFreshness().isZero());
      assertNotNull(name, type.readers());
      assertNotNull(name, getClass().getResource("/avalo-schemas/json/v1/" + type.schemaFile()));
      assertTrue(name + " has no route", type.route().isPresent());
    }
  }

  /** A key built from each form parses back to the same type, subject and detail. */
  @Test
  public void everyFormBuildsKeysThatParseBackToItsType() {
    for (DocumentType type : DocumentType.values()) {
      for (KeyTemplate form : type.keyTemplates()) {
        Object[] values = form.placeholders().stream().map(DocumentTypeRegistryTest::sample).toArray();
        CacheKey key = type.key(values);
        assertEquals(form.form(), type, key.type());
        assertEquals(form.form(), values[0], key.subject());
        assertEquals(form.form(), values.length > 1 ? values[1] : "", key.detail());
        assertTrue(form.form(), key.value().matches(form.pattern()));
      }
    }
  }

  @Test
  public void pageZeroOfAPagedTypeWithAShortFormIsTheShortForm() {
    assertEquals("chats:u1", DocumentType.CHATS.key("u1", 0).value());
    assertEquals("chats:u1:3", DocumentType.CHATS.key("u1", 3).value());
    assertEquals("chats:u1", DocumentType.CHATS.key(Map.of("uid", "u1", "page", "0")).value());
    assertEquals("chats:u1", DocumentType.CHATS.key(Map.of("uid", "u1")).value());
    assertEquals("feed:u1:0", DocumentType.FEED_PAGE.key("u1", 0).value());
  }

  @Test
  public void keysRefuseValuesThatFitNoPlaceholder() {
    assertThrows(InvalidKeyException.class, () -> DocumentType.FEED_PAGE.key("u/1", 0));
    assertThrows(InvalidKeyException.class, () -> DocumentType.CHATS.key("u1", -2));
    assertThrows(IllegalArgumentException.class, () -> DocumentType.USER_STATS.key("u1", 2));
    assertThrows(IllegalArgumentException.class, () -> DocumentType.COUNT.key(Map.of("collection", "users")));
  }

  /** A route's placeholders are the key's; the key's others come from the query string. */
  @Test
  public void routesNameOnlyTheirKeysPlaceholders() {
    for (DocumentType type : DocumentType.values()) {
      String route = type.route().orElseThrow();
      Matcher names = ROUTE_PLACEHOLDER.matcher(route);
      Map<String, String> values = new HashMap<>();
      while (names.find()) {
        String name = names.group(1);
        assertTrue(route + " names {" + name + "}, which no key form of " + type.typeName() + " has",
            type.keyTemplates().stream().anyMatch(t -> t.placeholders().contains(name)));
        values.put(name, sample(name));
      }
      assertEquals(route, type, type.key(values).type());
    }
  }

  /** The access rule compares a key's subject with the caller: owner-readable keys start with the uid. */
  @Test
  public void ownerReadableTypesAreKeyedByTheirOwner() {
    for (DocumentType type : DocumentType.values()) {
      if (type.readers() == Readers.OWNER) {
        type.keyTemplates().forEach(t -> assertEquals(t.form(), "uid", t.placeholders().get(0)));
      }
    }
  }

  @Test
  public void onlyTheLongerFormsOfAKeyExtendIt() {
    assertTrue(CacheKey.parse("user:u1").isExtendedByOtherKeys());
    assertTrue(CacheKey.parse("chats:u1").isExtendedByOtherKeys());
    for (String key : List.of("user:u1:stats", "chats:u1:2", "feed:u1:0", "matches:u1",
        "count:users:all", "analytics:dau:2026-11-20", "post:p1", "media:m1")) {
      assertFalse(key, CacheKey.parse(key).isExtendedByOtherKeys());
    }
  }

  private static String sample(String placeholder) {
    return switch (KeyPart.forPlaceholder(placeholder)) {
      case ID -> "u1";
      case PAGE -> "2";
      case COLLECTION -> "users";
      case FILTERS -> "status=active";
      case METRIC -> "dau";
      case PERIOD -> "2026-11-20";
    };
  }
}
