package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Dead-letter reasons group by kind, their particular values masked. */
public class DeadLetterReasonsTest {

  @Test
  public void valuesAndDetailsAreMaskedSoLikeReasonsGroupTogether() {
    assertEquals("refers to missing user …", DeadLetterReasons.kindOf("refers to missing user u8x2k9q1m4"));
    assertEquals("refers to missing user …", DeadLetterReasons.kindOf("refers to missing user u1234567, u7654321x"));
    assertEquals("malformed JSON", DeadLetterReasons.kindOf("malformed JSON: Unexpected character ('x')"));
    assertEquals("document is # bytes, over the #-byte limit (Firestore allows # MiB); page or trim this type",
        DeadLetterReasons.kindOf("document is 1200345 bytes, over the 1000000-byte limit (Firestore allows 1 MiB); page or trim this type"));
    assertEquals("field 'ageMin' is out of range", DeadLetterReasons.kindOf("field 'ageMin' is out of range: -3"));
    assertEquals("(no reason given)", DeadLetterReasons.kindOf(" "));
  }

  @Test
  public void aVeryLongReasonIsCut() {
    String kind = DeadLetterReasons.kindOf("x".repeat(500));
    assertEquals(DeadLetterReasons.MAX_KIND + 1, kind.length());
  }
}
