package com.avalo.precompute.chats;

import com.avalo.precompute.schemas.ChatList.Entry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The order of a chat list: newest activity first, ties broken by chat id ascending. */
public final class ChatOrder {
  private ChatOrder() {}

  public static final Comparator<Entry> NEWEST_FIRST = Comparator
      .comparing(Entry::lastActivityAt, Comparator.reverseOrder())
      .thenComparing(Entry::chatId);

  /** The first {@code limit} entries in list order, and how many there were in all. */
  public record Newest(List<Entry> entries, int total) {}

  /**
   * The first {@code limit} entries of {@code entries} in list order, in one pass holding at most
   * {@code limit} of them, so that a user with a huge number of chats cannot exhaust a worker.
   */
  public static Newest newest(Iterable<Entry> entries, int limit) {
    // The head of the heap is the entry that would be dropped first: the last in list order.
    PriorityQueue<Entry> kept = new PriorityQueue<>(NEWEST_FIRST.reversed());
    int total = 0;
    for (Entry entry : entries) {
      total++;
      if (kept.size() < limit) {
        kept.add(entry);
      } else if (NEWEST_FIRST.compare(entry, kept.peek()) < 0) {
        kept.poll();
        kept.add(entry);
      }
    }
    List<Entry> sorted = new ArrayList<>(kept);
    sorted.sort(NEWEST_FIRST);
    return new Newest(sorted, total);
  }
}
