package com.avalo.precompute.schemas;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.Test;

/**
 * {@link CacheDocument#render} writes documents without building their trees; what it writes must
 * be exactly what the tree path gives, for every type, or stored hashes and bytes would change.
 */
public class RenderedFormTest {
  @Test
  public void renderingEqualsTheTreePathForEveryTypeFilledAndWithNulls() {
    for (DocumentType type : DocumentType.values()) {
      for (boolean withNulls : new boolean[] {false, true}) {
        CacheDocument built = SampleDocuments.document(type, withNulls);
        CacheDocument.Rendering rendered = CacheDocument.render(SampleDocuments.key(type),
            SampleDocuments.payload(type, withNulls), SampleDocuments.RUN, built.expiresAt());
        String what = type + (withNulls ? " with nulls" : "");
        assertEquals(what, built.contentHash(), rendered.contentHash());
        assertArrayEquals(what, built.toJson().getBytes(StandardCharsets.UTF_8), rendered.json());
      }
    }
  }

  @Test
  public void theStoredPayloadIsTheCanonicalFormThatWasHashed() throws Exception {
    for (DocumentType type : DocumentType.values()) {
      CacheDocument.Rendering rendered = CacheDocument.render(SampleDocuments.key(type),
          SampleDocuments.payload(type, false), SampleDocuments.RUN, SampleDocuments.AS_OF);
      String json = new String(rendered.json(), StandardCharsets.UTF_8);
      byte[] canonical = Json.canonicalBytes(Json.read(json).get("payload"));
      assertTrue(type + ": " + json,
          json.endsWith("\"payload\":" + new String(canonical, StandardCharsets.UTF_8) + "}"));
      assertEquals(type.toString(), "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(canonical)), rendered.contentHash());
    }
  }

  @Test
  public void renderingRefusesAPayloadOfAnotherType() {
    assertThrows(IllegalArgumentException.class, () -> CacheDocument.render(
        SampleDocuments.key(DocumentType.PROFILE), SampleDocuments.payload(DocumentType.MATCHES, false),
        SampleDocuments.RUN, SampleDocuments.AS_OF));
  }
}
