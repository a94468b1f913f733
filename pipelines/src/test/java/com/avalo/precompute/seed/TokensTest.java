package com.avalo.precompute.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** Purchases, refunds and spends: valid products, mirrored refunds, no negative balance. */
public class TokensTest {
  private static final Map<String, Integer> PRODUCT_TOKENS =
      Map.of("tokens_100", 100, "tokens_500", 500, "tokens_1200", 1_200);
  private static final Set<String> CURRENCIES = Set.of("USD", "EUR", "GBP", "PLN");
  private static final Set<String> REASONS = Set.of("superlike", "boost", "gift");

  /** A balance change; credits sort before debits at the same second. */
  private record Change(long at, int order, long tokens) {}

  @Test
  public void refundsMirrorAnEarlierCompletedPurchaseAndBalancesNeverGoNegative() {
    Set<String> users = new HashSet<>();
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.USERS,
        user -> users.add(user.path("id").asText()));
    Map<String, List<JsonNode>> completedByUser = new HashMap<>();
    Map<String, List<Change>> changes = new HashMap<>();
    Map<String, Integer> currencies = new HashMap<>();
    int[] refunds = {0};
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.PURCHASES, purchase -> {
      String user = purchase.path("userId").asText();
      assertTrue(purchase.toString(), users.contains(user));
      Integer tokens = PRODUCT_TOKENS.get(purchase.path("productId").asText());
      assertTrue(purchase.toString(), tokens != null
          && tokens == purchase.path("tokens").intValue()
          && purchase.path("amountMinor").isInt() && purchase.path("amountMinor").intValue() > 0
          && CURRENCIES.contains(purchase.path("currency").asText()));
      currencies.merge(purchase.path("currency").asText(), 1, Integer::sum);
      long at = SeedFiles.epoch(purchase, "createdAt");
      String status = purchase.path("status").asText();
      if (status.equals("completed")) {
        completedByUser.computeIfAbsent(user, u -> new ArrayList<>()).add(purchase);
        changes.computeIfAbsent(user, u -> new ArrayList<>()).add(new Change(at, 0, tokens));
      } else {
        assertEquals("refunded", status);
        refunds[0]++;
        JsonNode original = completedByUser.getOrDefault(user, List.of()).stream()
            .filter(p -> mirrors(p, purchase) && SeedFiles.epoch(p, "createdAt") < at)
            .findFirst()
            .orElseThrow(() -> new AssertionError("refund mirrors nothing: " + purchase));
        completedByUser.get(user).remove(original); // one refund per purchase
        changes.get(user).add(new Change(at, 1, -tokens));
      }
    });
    SeedFiles.forEach(TestWorld.dir(), SeedCollection.SPENDS, spend -> {
      String user = spend.path("userId").asText();
      assertTrue(spend.toString(), users.contains(user)
          && spend.path("tokens").intValue() > 0
          && REASONS.contains(spend.path("reason").asText()));
      changes.computeIfAbsent(user, u -> new ArrayList<>()).add(
          new Change(SeedFiles.epoch(spend, "createdAt"), 1, -spend.path("tokens").intValue()));
    });
    changes.forEach((user, history) -> {
      history.sort(Comparator.comparingLong(Change::at).thenComparingInt(Change::order));
      long balance = 0;
      for (Change change : history) {
        balance += change.tokens();
        assertTrue("balance of " + user + " negative at " + change.at(), balance >= 0);
      }
    });
    assertThat("refunds exist", refunds[0], greaterThan(0));
    int usd = currencies.getOrDefault("USD", 0);
    currencies.forEach((currency, count) -> assertTrue("USD is the main currency", usd >= count));
    assertEquals(CURRENCIES, currencies.keySet());
  }

  private static boolean mirrors(JsonNode completed, JsonNode refund) {
    for (String field : List.of("productId", "tokens", "amountMinor", "currency")) {
      if (!completed.path(field).equals(refund.path(field))) {
        return false;
      }
    }
    return true;
  }
}
