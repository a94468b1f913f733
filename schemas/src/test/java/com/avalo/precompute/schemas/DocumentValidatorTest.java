package com.avalo.precompute.schemas;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every document type, built by the Java records and serialized by Json.MAPPER, is valid. */
@RunWith(Parameterized.class)
public class DocumentValidatorTest {

  @Parameters(name = "{0} withNulls={1}")
  public static List<Object[]> types() {
    List<Object[]> cases = new ArrayList<>();
    for (DocumentType type : DocumentType.values()) {
      cases.add(new Object[] {type, true});
      cases.add(new Object[] {type, false});
    }
    return cases;
  }

  private final DocumentType type;
  private final boolean withNulls;

  public DocumentValidatorTest(DocumentType type, boolean withNulls) {
    this.type = type;
    this.withNulls = withNulls;
  }

  @Test
  public void documentBuiltInJavaIsValid() {
    CacheDocument document = SampleDocuments.document(type, withNulls);
    assertEquals(document.toJson(), List.of(), DocumentValidator.instance().validate(document));
  }

  @Test
  public void itsJsonFormIsValidAndRoundTrips() {
    String json = SampleDocuments.document(type, withNulls).toJson();
    assertEquals(json, List.of(), DocumentValidator.instance().validate(json));
    assertEquals(List.of(), DocumentValidator.instance().validate(CacheDocument.fromJson(json)));
  }

  @Test
  public void itsPayloadAloneIsValid() {
    CacheDocument document = SampleDocuments.document(type, withNulls);
    assertEquals(List.of(), DocumentValidator.instance().validatePayload(type, document.payload()));
  }
}
