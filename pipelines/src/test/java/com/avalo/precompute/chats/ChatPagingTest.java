package com.avalo.precompute.chats;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class ChatPagingTest {
  /** Entries are their own sizes. */
  private static ChatPaging.Pages<Integer> page(List<Integer> sizes, int budget, int maxPages) {
    return ChatPaging.paginate(sizes, Integer::intValue, budget, maxPages);
  }

  @Test
  public void fillsPagesInOrderUpToTheBudget() {
    ChatPaging.Pages<Integer> pages = page(List.of(4, 3, 3, 5, 1, 2), 10, 5);
    assertEquals(List.of(List.of(4, 3, 3), List.of(5, 1, 2)), pages.pages());
    assertEquals(0, pages.overflow());
  }

  @Test
  public void alwaysHasAFirstPage() {
    assertEquals(List.of(List.of()), page(List.of(), 10, 5).pages());
  }

  @Test
  public void setsAsideAnEntryTooBigForAnyPage() {
    ChatPaging.Pages<Integer> pages = page(List.of(3, 11, 3), 10, 5);
    assertEquals(List.of(List.of(3, 3)), pages.pages());
    assertEquals(List.of(11), pages.oversized());
  }

  @Test
  public void countsWhatDoesNotFitTheLastPageAndKeepsTheOrder() {
    ChatPaging.Pages<Integer> pages = page(List.of(6, 6, 6, 1, 1), 10, 2);
    assertEquals(List.of(List.of(6), List.of(6)), pages.pages());
    assertEquals("the small entries after the first overflow overflow too", 3, pages.overflow());
  }
}
