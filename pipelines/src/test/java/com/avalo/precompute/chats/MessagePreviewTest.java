package com.avalo.precompute.chats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.chats.MessagePreview.Preview;
import org.junit.Test;

public class MessagePreviewTest {

  @Test
  public void keepsShortTextWhole() {
    assertEquals(new Preview("see you at 8", false), MessagePreview.trim("see you at 8", 80));
    assertEquals(new Preview("12345", false), MessagePreview.trim("12345", 5));
    assertEquals(new Preview("", false), MessagePreview.trim("", 5));
  }

  @Test
  public void foldsWhitespaceAndNewlinesWithoutCallingItTruncation() {
    assertEquals(new Preview("hi there how are you?", false),
        MessagePreview.trim("  hi\n\nthere\thow   are you?\n", 80));
  }

  @Test
  public void foldsUnicodeLineSeparatorsAndSpacesToo() {
    // A pasted text's line and paragraph separators and NEL are newlines; an IME's ideographic
    // space and a no-break space are spaces: a one-line preview holds none of them.
    assertEquals(new Preview("see you at 8 ok?", false),
        MessagePreview.trim("see\u2028you\u2029at\u0085\u00A08\u3000\u3000ok?\u2028", 80));
  }

  @Test
  public void cutsAfterMaxCharactersAndDropsTheTrailingSpace() {
    assertEquals(new Preview("hello", true), MessagePreview.trim("hello world", 6));
    assertEquals(new Preview("hello w", true), MessagePreview.trim("hello world", 7));
  }

  @Test
  public void neverSplitsASurrogatePair() {
    // "ab" then U+1F600 (two UTF-16 units) then "c": 4 characters, 5 units.
    String text = "ab\uD83D\uDE00cd";
    assertEquals(new Preview("ab\uD83D\uDE00", true), MessagePreview.trim(text, 3));
    assertEquals(new Preview("ab", true), MessagePreview.trim(text, 2));
  }

  @Test
  public void keepsGraphemeClustersWhole() {
    String family = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // woman-woman-girl, ZWJ
    String flag = "\uD83C\uDDEB\uD83C\uDDF7"; // regional indicators F R
    String accented = "e\u0301"; // e + combining acute
    assertEquals(new Preview(family, true), MessagePreview.trim(family + family, 1));
    assertEquals(new Preview("a" + flag, true), MessagePreview.trim("a" + flag + "b", 2));
    assertEquals(new Preview("caf" + accented, true),
        MessagePreview.trim("caf" + accented + "s", 4));
    assertEquals(new Preview(family + flag + accented, false),
        MessagePreview.trim(family + flag + accented, 3));
  }

  @Test
  public void boundsAClusterStackedWithCombiningMarks() {
    String zalgo = "z" + "\u0301".repeat(100) + "ok";
    Preview preview = MessagePreview.trim(zalgo, 5);
    assertTrue(preview.truncated());
    assertEquals(40, preview.text().length()); // 8 * maxChars units, cut on a code point
    assertFalse(Character.isHighSurrogate(preview.text().charAt(preview.text().length() - 1)));
  }

  @Test
  public void cutsAnOverlongFirstClusterOnACodePoint() {
    // One cluster of 10 units: x, six acutes, a supplementary combining mark (U+1D167, a surrogate
    // pair at units 7-8) and an acute. The cut at 8 units would split the pair, so it is at 7.
    String text = "x" + "\u0301".repeat(6) + "\uD834\uDD67\u0301";
    Preview preview = MessagePreview.trim(text, 1);
    assertEquals(new Preview("x" + "\u0301".repeat(6), true), preview);
  }
}
