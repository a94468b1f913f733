package com.avalo.precompute.report;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Dead-letter reasons group by kind, their particular values masked. */
public class ReasonKindsTest {

  @Test
  public void valuesIdsListsAndDetailsAfterAColonAreMasked() {
    assertEquals("latencyMs # is negative; the call is left out of the API analytics",
        ReasonKinds.of("latencyMs -5 is negative; the call is left out of the API analytics"));
    assertEquals("refers to missing users …",
        ReasonKinds.of("refers to missing users gs3t0vyif5XQ4rSE8BgC"));
    assertEquals("sender … is not a participant of chat … […]; the message is left out",
        ReasonKinds.of("sender vp2HzIReZCvUuBQ4dujM is not a participant of chat "
            + "XCOSg2WsjxDIUJYzCWLk [a1b2c3d4e5, f6g7h8i9j0]; the message is left out"));
    assertEquals("malformed JSON", ReasonKinds.of("malformed JSON: Unexpected character ('n')"));
    assertEquals("field 'age' is out of range", ReasonKinds.of("field 'age' is out of range: 999"));
    assertEquals("(no reason given)", ReasonKinds.of(null));
  }

  @Test
  public void reasonsThatDifferOnlyInTheirValuesAreOneKind() {
    assertEquals(ReasonKinds.of("ageMin 40 is above ageMax 30"),
        ReasonKinds.of("ageMin 25 is above ageMax 18"));
  }
}
