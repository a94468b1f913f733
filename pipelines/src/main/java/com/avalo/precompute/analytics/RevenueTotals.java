package com.avalo.precompute.analytics;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.SourceRecords.Purchase;
import com.avalo.precompute.source.SourceRecords.PurchaseStatus;
import com.avalo.precompute.source.SourceRecords.Spend;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revenue of one bucket, in exact integer minor units per currency (amounts in different
 * currencies are never added together), and the tokens bought and spent.
 *
 * <p>A refund is its own purchase record with status {@code refunded}: it subtracts in the bucket
 * of its own {@code createdAt}, whatever bucket the purchase fell in, so a bucket's net can be
 * negative. {@code netMinor = grossMinor - refundedMinor}; {@code tokensBought = tokensPurchased -
 * tokensRefunded}. Sums use exact arithmetic and fail loudly on overflow rather than wrap.
 *
 * @param byCurrency per ISO 4217 currency
 * @param byProduct per product id, then per currency
 * @param tokensPurchased tokens of completed purchases
 * @param tokensRefunded tokens of refunds
 * @param tokensSpent tokens of spends
 */
public record RevenueTotals(TreeMap<String, Money> byCurrency,
    TreeMap<String, TreeMap<String, Money>> byProduct, long tokensPurchased, long tokensRefunded,
    long tokensSpent) implements Serializable {

  /** Amounts of one currency. */
  public record Money(long grossMinor, long refundedMinor, long purchases, long refunds)
      implements Serializable {
    static final Money ZERO = new Money(0, 0, 0, 0);

    Money plus(Money o) {
      return new Money(Math.addExact(grossMinor, o.grossMinor),
          Math.addExact(refundedMinor, o.refundedMinor), purchases + o.purchases, refunds + o.refunds);
    }

    public long netMinor() {
      return Math.subtractExact(grossMinor, refundedMinor);
    }

    ObjectNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("grossMinor", grossMinor);
      json.put("refundedMinor", refundedMinor);
      json.put("netMinor", netMinor());
      json.put("purchases", purchases);
      json.put("refunds", refunds);
      return json;
    }
  }

  /** Most products a revenue document lists. */
  static final int MAX_PRODUCTS_LISTED = 200;

  /** Most bytes of JSON the listed products take, a fifth of a document. */
  static final int PRODUCTS_BUDGET_BYTES = 200_000;

  public static RevenueTotals zero() {
    return new RevenueTotals(new TreeMap<>(), new TreeMap<>(), 0, 0, 0);
  }

  public static RevenueTotals of(Purchase purchase) {
    boolean refund = purchase.status() == PurchaseStatus.refunded;
    Money money = refund ? new Money(0, purchase.amountMinor(), 0, 1)
        : new Money(purchase.amountMinor(), 0, 1, 0);
    TreeMap<String, Money> currency = new TreeMap<>(Map.of(purchase.currency(), money));
    TreeMap<String, TreeMap<String, Money>> product =
        new TreeMap<>(Map.of(purchase.productId(), new TreeMap<>(currency)));
    return new RevenueTotals(currency, product, refund ? 0 : purchase.tokens(),
        refund ? purchase.tokens() : 0, 0);
  }

  public static RevenueTotals of(Spend spend) {
    return new RevenueTotals(new TreeMap<>(), new TreeMap<>(), 0, 0, spend.tokens());
  }

  /** The sum of any number of totals. */
  public static RevenueTotals sum(Iterable<RevenueTotals> parts) {
    TreeMap<String, Money> byCurrency = new TreeMap<>();
    TreeMap<String, TreeMap<String, Money>> byProduct = new TreeMap<>();
    long purchased = 0;
    long refunded = 0;
    long spent = 0;
    for (RevenueTotals part : parts) {
      part.byCurrency.forEach((currency, money) -> byCurrency.merge(currency, money, Money::plus));
      part.byProduct.forEach((product, currencies) -> currencies.forEach((currency, money) ->
          byProduct.computeIfAbsent(product, p -> new TreeMap<>()).merge(currency, money, Money::plus)));
      purchased = Math.addExact(purchased, part.tokensPurchased);
      refunded = Math.addExact(refunded, part.tokensRefunded);
      spent = Math.addExact(spent, part.tokensSpent);
    }
    return new RevenueTotals(byCurrency, byProduct, purchased, refunded, spent);
  }

  /**
   * The busiest products (most purchase and refund records, ties by id), at most {@link
   * #MAX_PRODUCTS_LISTED} and {@link #PRODUCTS_BUDGET_BYTES} of JSON, in id order: product ids are
   * the app's own and unbounded, and a bucket of many thousands (a per-user SKU) would otherwise
   * be over the document limit and refused whole, totals and all. A product too big alone is left
   * out and the next tried. {@code productCount} counts them all.
   */
  private ObjectNode listedProducts() {
    List<Map.Entry<String, TreeMap<String, Money>>> busiest = new ArrayList<>(byProduct.entrySet());
    busiest.sort(Comparator.comparingLong(
            (Map.Entry<String, TreeMap<String, Money>> e) -> -records(e.getValue()))
        .thenComparing(Map.Entry::getKey));
    TreeMap<String, ObjectNode> listed = new TreeMap<>();
    long used = 0;
    for (Map.Entry<String, TreeMap<String, Money>> product : busiest) {
      if (listed.size() == MAX_PRODUCTS_LISTED) {
        break;
      }
      ObjectNode perCurrency = JsonNodeFactory.instance.objectNode();
      product.getValue().forEach((currency, money) -> perCurrency.set(currency, money.toJson()));
      ObjectNode entry = JsonNodeFactory.instance.objectNode();
      entry.set(product.getKey(), perCurrency);
      long bytes = Json.writeBytes(entry).length;
      if (used + bytes <= PRODUCTS_BUDGET_BYTES) {
        used += bytes;
        listed.put(product.getKey(), perCurrency);
      }
    }
    ObjectNode products = JsonNodeFactory.instance.objectNode();
    listed.forEach(products::set);
    return products;
  }

  private static long records(Map<String, Money> byCurrency) {
    return byCurrency.values().stream().mapToLong(money -> money.purchases() + money.refunds()).sum();
  }

  /** Adds the figures to a document's values. */
  public void writeTo(ObjectNode values) {
    values.put("purchases", byCurrency.values().stream().mapToLong(Money::purchases).sum());
    values.put("refunds", byCurrency.values().stream().mapToLong(Money::refunds).sum());
    ObjectNode currencies = values.putObject("byCurrency");
    byCurrency.forEach((currency, money) -> currencies.set(currency, money.toJson()));
    values.put("productCount", byProduct.size());
    values.set("byProduct", listedProducts());
    values.put("tokensPurchased", tokensPurchased);
    values.put("tokensRefunded", tokensRefunded);
    values.put("tokensBought", Math.subtractExact(tokensPurchased, tokensRefunded));
    values.put("tokensSpent", tokensSpent);
  }
}
