package com.avalo.precompute.source;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.SourceRecords.User;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/**
 * Half an emoji (a bio cut by UTF-16 units) cannot be stored as UTF-8; it becomes U+FFFD where the
 * record is read, so every runner and store shows the same replaced character rather than a '?'
 * from whichever encoder met it first.
 */
public class WellFormedTextTest {
  @Test
  public void unpairedHalvesAreReplacedAndPairsKept() {
    assertEquals("hi \ufffd", WellFormedText.of("hi \ud83d"));
    assertEquals("\ufffdok", WellFormedText.of("\ude00ok"));
    assertEquals("\ufffd\ufffd", WellFormedText.of("\ude00\ud83d"));
    assertEquals("a\ufffdb \ud83d\ude00", WellFormedText.of("a\ud83db \ud83d\ude00"));
    assertEquals("\ud83d\ude00\ufffd", WellFormedText.of("\ud83d\ude00\ud83d"));
    String wellFormed = "ok \ud83d\ude00 Zoë";
    assertSame(wellFormed, WellFormedText.of(wellFormed));
    assertEquals(-1, WellFormedText.firstUnpaired(wellFormed));
    assertEquals(3, WellFormedText.firstUnpaired("ok \ud83d"));
  }

  @Test
  public void theResultEncodesToUtf8AndBackUnchanged() {
    for (String text : List.of("hi \ud83d", "\ude00\ud83d\ude00\ud83d", "plain", "")) {
      String stored = WellFormedText.of(text);
      assertEquals(stored, new String(stored.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  @Test
  public void aRecordsTextIsReadWellFormed() throws Exception {
    String cutBio = SourceLines.USER.replace("\"bio\":\"\"", "\"bio\":\"beach \\ud83c\"")
        .replace("\"interests\":[]", "\"interests\":[\"surf \\udf0a\",\"sun \\u2600\"]");
    User user = SourceCollection.USERS.parse(Json.read(cutBio));
    assertEquals("beach \ufffd", user.bio());
    assertEquals(List.of("surf \ufffd", "sun \u2600"), user.interests());
  }
}
