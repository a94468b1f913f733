package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AnalyticsFixtures.DOCUMENTS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.schemas.DocumentValidator;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import org.junit.Test;

/** analytics.json pins each metric's values: the pipeline tests validate what they write. */
public class AnalyticsSchemaTest {
  private static final Bucket DAY = Bucket.parse("2026-11-20", ZoneOffset.UTC);

  private static List<String> violations(String metric, ObjectNode values) {
    CacheWrite write = DOCUMENTS.write(metric, DAY, values);
    return DocumentValidator.instance().validate(write.document());
  }

  private static ObjectNode activeUsers() {
    ObjectNode values = DOCUMENTS.values(DAY);
    values.put("activeUsers", 2);
    values.put("sessions", 3);
    values.set("sketch", ActiveUserSketches.toJson(ActiveUserSketches.union(
        List.of(ActiveUserSketches.sketch(new TreeSet<>(List.of("a", "b")))))));
    return values;
  }

  @Test
  public void aWellFormedBucketValidates() {
    assertEquals(List.of(), violations("active_users", activeUsers()));
  }

  @Test
  public void eachMetricsValuesAreChecked() {
    ObjectNode missing = activeUsers();
    missing.remove("sketch");
    assertTrue(violations("active_users", missing).toString().contains("sketch"));
    ObjectNode negative = activeUsers();
    negative.put("activeUsers", -1);
    assertTrue(!violations("active_users", negative).isEmpty());
    ObjectNode revenue = DOCUMENTS.values(DAY);
    revenue.setAll((ObjectNode) Json.read("{\"purchases\":1,\"refunds\":0,\"byCurrency\":"
        + "{\"euro\":{\"grossMinor\":1,\"refundedMinor\":0,\"netMinor\":1,\"purchases\":1,"
        + "\"refunds\":0}},\"byProduct\":{},\"tokensPurchased\":1,\"tokensRefunded\":0,"
        + "\"tokensBought\":1,\"tokensSpent\":0}"));
    assertTrue("a currency is an ISO code", !violations("revenue", revenue).isEmpty());
    assertTrue("an api document needs its figures",
        !violations("api.%2Fv1%2Ffeed", DOCUMENTS.values(DAY)).isEmpty());
  }
}
