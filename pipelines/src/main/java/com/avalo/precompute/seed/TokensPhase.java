package com.avalo.precompute.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code purchases} and {@code spends}. Each paying user's purchases, refunds and spends
 * are replayed in time order against a running balance: a spend or a refund that the balance
 * cannot cover at that moment does not happen, so no balance is ever negative, at any point in
 * time. A refund is its own purchase record with status {@code refunded}, mirroring the
 * completed purchase it reverses.
 */
final class TokensPhase {
  private static final String[] PRODUCTS = {"tokens_100", "tokens_500", "tokens_1200"};
  private static final int[] PRODUCT_TOKENS = {100, 500, 1_200};
  private static final double[] PRODUCT_WEIGHTS = {55, 35, 10};
  /** Price in minor units per currency, by product. */
  private static final Map<String, int[]> PRICES = Map.of(
      "USD", new int[] {499, 1_999, 3_999},
      "EUR", new int[] {499, 1_999, 3_999},
      "GBP", new int[] {449, 1_799, 3_499},
      "PLN", new int[] {2_199, 8_499, 16_999});
  private static final String[] SPEND_REASONS = {"superlike", "boost", "gift"};
  private static final double[] SPEND_REASON_WEIGHTS = {55, 20, 25};
  private static final int[] GIFT_COSTS = {10, 25, 50, 100};
  private static final int SUPERLIKE_COST = 5;
  private static final int BOOST_COST = 30;
  private static final long MAX_REFUND_DELAY_SECONDS = 14 * Timestamps.SECONDS_PER_DAY;

  private final SeedConfig config;
  private final Population users;
  private final Ids purchaseIds;
  private final Ids spendIds;
  private final long anchor;
  private long nextPurchase;
  private long nextSpend;

  TokensPhase(SeedConfig config, Population users) {
    this.config = config;
    this.users = users;
    this.purchaseIds = new Ids(config.seed(), "purchases");
    this.spendIds = new Ids(config.seed(), "spends");
    this.anchor = config.anchor().getEpochSecond();
  }

  /** One step of a user's token history; {@code order} breaks ties in time deterministically. */
  private record Step(long at, int order, int product, boolean refund, String reason,
      int cost) {}

  void run(NdjsonWriter purchases, NdjsonWriter spends, SeedProgress progress)
      throws IOException {
    ProgressTicker ticker = new ProgressTicker(progress, "tokens", users.size);
    for (int u = 0; u < users.size; u++) {
      SeedRandom rng = SeedRandom.stream(config.seed(), Streams.TOKENS, u);
      boolean bounced = users.activeUntilDay[u] == ActivityModel.dayOf(users.createdAt[u]);
      // Someone who left on their signup day had no reason to buy tokens.
      double payerChance = bounced ? 0 : config.payerShare() * (0.3 + 2.3 * users.engagement[u]);
      if (rng.chance(Math.min(1, payerChance))) {
        replay(u, plan(u, rng), purchases, spends);
      }
      ticker.advanceTo(u + 1);
    }
    ticker.finish();
  }

  private List<Step> plan(int u, SeedRandom rng) {
    List<Step> steps = new ArrayList<>();
    long created = users.createdAt[u];
    long lastActive = users.lastActiveAt[u];
    int purchaseCount = Math.min(20, 1 + rng.poisson(1.0));
    long firstPurchase = Long.MAX_VALUE;
    int tokensBought = 0;
    for (int p = 0; p < purchaseCount; p++) {
      long at = rng.nextLongBetween(created, lastActive);
      int product = rng.weighted(PRODUCT_WEIGHTS);
      firstPurchase = Math.min(firstPurchase, at);
      tokensBought += PRODUCT_TOKENS[product];
      steps.add(new Step(at, steps.size(), product, false, null, 0));
      if (rng.chance(config.refundRate())) {
        long refundAt = at + rng.nextLongBetween(3_600, MAX_REFUND_DELAY_SECONDS);
        if (refundAt < anchor) {
          steps.add(new Step(refundAt, steps.size(), product, true, null, 0));
        }
      }
    }
    int attempts = rng.poisson(tokensBought / 15.0 * (0.3 + 0.9 * rng.nextDouble()));
    for (int s = 0; s < attempts; s++) {
      int reason = rng.weighted(SPEND_REASON_WEIGHTS);
      int cost = switch (reason) {
        case 0 -> SUPERLIKE_COST;
        case 1 -> BOOST_COST;
        default -> GIFT_COSTS[rng.nextInt(GIFT_COSTS.length)];
      };
      long at = rng.nextLongBetween(firstPurchase, lastActive);
      steps.add(new Step(at, steps.size(), -1, false, SPEND_REASONS[reason], cost));
    }
    steps.sort(Comparator.comparingLong(Step::at).thenComparingInt(Step::order));
    return steps;
  }

  private void replay(int u, List<Step> steps, NdjsonWriter purchases, NdjsonWriter spends)
      throws IOException {
    String currency = City.ALL.get(users.city[u]).currency();
    long balance = 0;
    for (Step step : steps) {
      if (step.reason() != null) {
        if (balance >= step.cost()) {
          balance -= step.cost();
          JsonGenerator json = spends.begin(spendIds.of(nextSpend++));
          json.writeStringField("userId", users.userId(u));
          json.writeNumberField("tokens", step.cost());
          json.writeStringField("reason", step.reason());
          spends.timestamp("createdAt", step.at());
          spends.end();
        }
        continue;
      }
      int tokens = PRODUCT_TOKENS[step.product()];
      if (step.refund()) {
        if (balance < tokens) {
          continue; // the tokens are spent; the store declines the refund
        }
        balance -= tokens;
      } else {
        balance += tokens;
      }
      JsonGenerator json = purchases.begin(purchaseIds.of(nextPurchase++));
      json.writeStringField("userId", users.userId(u));
      json.writeStringField("productId", PRODUCTS[step.product()]);
      json.writeNumberField("tokens", tokens);
      json.writeNumberField("amountMinor", PRICES.get(currency)[step.product()]);
      json.writeStringField("currency", currency);
      json.writeStringField("status", step.refund() ? "refunded" : "completed");
      purchases.timestamp("createdAt", step.at());
      purchases.end();
    }
  }
}
