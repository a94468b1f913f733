package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class EcmaEndAnchorsTest {
  @Test
  public void anEndAnchorMatchesTheEndOfTheInputOnly() {
    var currency = EcmaEndAnchors.INSTANCE.getRegularExpression("^[A-Z]{3}$");
    assertTrue(currency.matches("USD"));
    assertFalse(currency.matches("USD\n"));
    assertFalse(currency.matches("USD\r\n"));
  }

  @Test
  public void aDollarEscapedOrInAClassStaysADollar() {
    assertEquals("^a\\$b[$]c\\z", EcmaEndAnchors.javaRegex("^a\\$b[$]c$"));
    assertEquals("^[\\]$]x\\z", EcmaEndAnchors.javaRegex("^[\\]$]x$"));
    assertTrue(EcmaEndAnchors.INSTANCE.getRegularExpression("^a\\$b[$]c$").matches("a$b$c"));
  }
}
