package com.avalo.precompute.analytics;

import static com.avalo.precompute.analytics.AnalyticsFixtures.DOCUMENTS;
import static com.avalo.precompute.analytics.AnalyticsFixtures.assertValues;
import static com.avalo.precompute.analytics.AnalyticsFixtures.valuesByKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.source.SourceRecords.Purchase;
import com.avalo.precompute.source.SourceRecords.PurchaseStatus;
import com.avalo.precompute.source.SourceRecords.Spend;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Rule;
import org.junit.Test;

public class SumRevenueTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Purchase purchase(String id, String product, long tokens, long amount,
      String currency, PurchaseStatus status, String at) {
    return new Purchase(id, "ann", product, tokens, amount, currency, status, Instant.parse(at));
  }

  private static final String EUR_499 =
      "{'grossMinor':499,'refundedMinor':0,'netMinor':499,'purchases':1,'refunds':0}";
  private static final String USD_REFUNDED =
      "{'grossMinor':1999,'refundedMinor':1999,'netMinor':0,'purchases':1,'refunds':1}";
  private static final String EUR_998 =
      "{'grossMinor':998,'refundedMinor':0,'netMinor':998,'purchases':2,'refunds':0}";

  /** Product ids are the app's: many, or long ones, must not push the bucket over the limit. */
  @Test
  public void listsTheBusiestProductsThatFitAndCountsThemAll() {
    List<RevenueTotals> parts = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Product p000 has 1 purchase, p299 has 300: the 200 busiest are p100 to p299.
      for (int n = 0; n <= i; n++) {
        parts.add(RevenueTotals.of(purchase("x" + i + "-" + n, String.format("p%03d", i), 1, 100,
            "EUR", PurchaseStatus.completed, "2026-11-20T10:00:00Z")));
      }
    }
    // The busiest of all, its id alone over the budget: left out, the next ones listed.
    for (int n = 0; n < 400; n++) {
      parts.add(RevenueTotals.of(purchase("huge-" + n, "h".repeat(RevenueTotals.PRODUCTS_BUDGET_BYTES),
          1, 100, "USD", PurchaseStatus.completed, "2026-11-20T10:00:00Z")));
    }
    com.fasterxml.jackson.databind.node.ObjectNode values =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    RevenueTotals.sum(parts).writeTo(values);

    assertEquals(301, values.get("productCount").asInt());
    List<String> listed = new java.util.ArrayList<>();
    values.get("byProduct").fieldNames().forEachRemaining(listed::add);
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 100; i < 300; i++) {
      expected.add(String.format("p%03d", i));
    }
    assertEquals(expected, listed);
    assertEquals(300 * 301 / 2 + 400, values.get("purchases").asLong());
  }

  @Test
  public void sumsRevenuePerCurrencyAndProductInMinorUnits() {
    PCollectionTuple input = PCollectionTuple
        .of(SumRevenue.PURCHASES, pipeline.apply("Purchases", Create.of(
            purchase("p1", "tokens_100", 100, 499, "EUR", PurchaseStatus.completed, "2026-11-19T10:00:00Z"),
            purchase("p2", "tokens_500", 500, 1999, "USD", PurchaseStatus.completed, "2026-11-20T10:00:00Z"),
            purchase("p3", "tokens_500", 500, 1999, "USD", PurchaseStatus.refunded, "2026-11-20T15:00:00Z"),
            purchase("p4", "tokens_100", 100, 499, "EUR", PurchaseStatus.completed, "2026-11-20T00:00:00Z"),
            purchase("p5", "tokens_100", 100, 2199, "PLN", PurchaseStatus.completed, "2026-11-21T07:00:00Z"))))
        .and(SumRevenue.SPENDS, pipeline.apply("Spends", Create.of(
            new Spend("s1", "ann", 30, "superlike", Instant.parse("2026-11-20T12:00:00Z")),
            new Spend("s2", "ann", 5, "boost", Instant.parse("2026-11-21T01:00:00Z")))));
    PCollection<CacheWrite> writes =
        input.apply(new SumRevenue(AnalyticsFixtures.dayWeekMonthPlan(), DOCUMENTS));

    PAssert.that(writes).satisfies(all -> {
      Map<String, JsonNode> values = valuesByKey(all);
      assertEquals(5, values.size());
      assertValues("day 19", "{'complete':true,'purchases':1,'refunds':0,'byCurrency':{'EUR':"
          + EUR_499 + "},'productCount':1,'byProduct':{'tokens_100':{'EUR':" + EUR_499 + "}},"
          + "'tokensPurchased':100,"
          + "'tokensRefunded':0,'tokensBought':100,'tokensSpent':0}",
          values.get("analytics:revenue:2026-11-19"));
      assertValues("day 20: a USD refund beside EUR revenue", "{'complete':true,'purchases':2,"
          + "'refunds':1,'byCurrency':{'EUR':" + EUR_499 + ",'USD':" + USD_REFUNDED + "},"
          + "'productCount':2,'byProduct':{'tokens_100':{'EUR':" + EUR_499 + "},'tokens_500':{'USD':"
          + USD_REFUNDED
          + "}},'tokensPurchased':600,'tokensRefunded':500,'tokensBought':100,'tokensSpent':30}",
          values.get("analytics:revenue:2026-11-20"));
      assertValues("day 21: the PLN purchase is after asOf", "{'complete':false,'purchases':0,"
          + "'refunds':0,'byCurrency':{},'productCount':0,'byProduct':{},'tokensPurchased':0,"
          + "'tokensRefunded':0,"
          + "'tokensBought':0,'tokensSpent':5}", values.get("analytics:revenue:2026-11-21"));
      String week = "{'complete':false,'purchases':3,'refunds':1,'byCurrency':{'EUR':" + EUR_998
          + ",'USD':" + USD_REFUNDED + "},'productCount':2,'byProduct':{'tokens_100':{'EUR':" + EUR_998
          + "},'tokens_500':{'USD':" + USD_REFUNDED + "}},'tokensPurchased':700,"
          + "'tokensRefunded':500,'tokensBought':200,'tokensSpent':35}";
      assertValues("week 47", week, values.get("analytics:revenue:2026-W47"));
      assertValues("November", week, values.get("analytics:revenue:2026-11"));
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aRefundAloneMakesANegativeNetAndOverflowFailsLoudly() {
    RevenueTotals refund = RevenueTotals.of(purchase("p3", "tokens_500", 500, 1999, "USD",
        PurchaseStatus.refunded, "2026-12-01T00:00:00Z"));
    assertEquals(-1999, refund.byCurrency().get("USD").netMinor());
    RevenueTotals huge = RevenueTotals.of(purchase("p9", "whale", 1, Long.MAX_VALUE, "USD",
        PurchaseStatus.completed, "2026-12-01T00:00:00Z"));
    assertThrows(ArithmeticException.class, () -> RevenueTotals.sum(List.of(huge, huge)));
  }
}
