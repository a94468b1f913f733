package com.avalo.precompute.chats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits an ordered list into pages whose JSON stays under a byte budget, keeping the order: page
 * 0 takes entries until the next would pass the budget, then page 1, and so on up to
 * {@code maxPages}. An entry too big for a page on its own is set aside, never written; entries
 * that do not fit in {@code maxPages} pages are counted as overflow. There is always a page 0,
 * perhaps empty.
 */
public final class ChatPaging {
  private ChatPaging() {}

  /**
   * The pages, the entries too big for any page, and how many entries found no page.
   *
   * @param <T> the entry type
   */
  public record Pages<T>(List<List<T>> pages, List<T> oversized, int overflow) {}

  /**
   * Pages {@code entries}.
   *
   * @param sizeOf bytes an entry adds to a page's JSON, its separator included
   * @param budgetBytes bytes a page's entries may take, the rest of the document excluded
   */
  public static <T> Pages<T> paginate(List<T> entries, ToIntFunction<T> sizeOf, int budgetBytes,
      int maxPages) {
    if (budgetBytes <= 0 || maxPages <= 0) {
      throw new IllegalArgumentException(
          "budgetBytes and maxPages must be positive: " + budgetBytes + ", " + maxPages);
    }
    List<List<T>> pages = new ArrayList<>();
    List<T> oversized = new ArrayList<>();
    List<T> page = new ArrayList<>();
    long used = 0;
    int overflow = 0;
    for (T entry : entries) {
      int size = sizeOf.applyAsInt(entry);
      if (size > budgetBytes) {
        oversized.add(entry);
        continue;
      }
      if (overflow > 0 || used + size > budgetBytes) {
        if (overflow > 0 || pages.size() + 1 == maxPages) {
          overflow++; // once the last page is full, the rest overflow, so the order holds
          continue;
        }
        pages.add(page);
        page = new ArrayList<>();
        used = 0;
      }
      page.add(entry);
      used += size;
    }
    pages.add(page);
    return new Pages<>(pages, oversized, overflow);
  }
}
