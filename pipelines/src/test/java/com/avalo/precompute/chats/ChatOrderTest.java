package com.avalo.precompute.chats;

import static com.avalo.precompute.chats.ChatFixtures.at;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.schemas.ChatList.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class ChatOrderTest {

  static Entry entry(String chatId, String lastActivityAt) {
    return new Entry(chatId, null, at(lastActivityAt), null, 0);
  }

  private static List<String> ids(List<Entry> entries) {
    return entries.stream().map(Entry::chatId).toList();
  }

  @Test
  public void newestActivityFirstTiesByChatId() {
    List<Entry> entries = new ArrayList<>(List.of(entry("c", "20T10:00:00"),
        entry("b", "20T11:00:00"), entry("a", "20T10:00:00"), entry("d", "19T10:00:00")));
    entries.sort(ChatOrder.NEWEST_FIRST);
    assertEquals(List.of("b", "a", "c", "d"), ids(entries));
  }

  @Test
  public void keepsTheNewestWithinTheLimitWhateverTheInputOrder() {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(entry(String.format("c%02d", i), String.format("%02dT00:00:00", 1 + i % 25)));
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(ChatOrder.NEWEST_FIRST);
    Collections.shuffle(entries, new Random(7));
    ChatOrder.Newest newest = ChatOrder.newest(entries, 10);
    assertEquals(50, newest.total());
    assertEquals(ids(sorted.subList(0, 10)), ids(newest.entries()));
    assertEquals(ids(sorted), ids(ChatOrder.newest(entries, 100).entries()));
  }
}
