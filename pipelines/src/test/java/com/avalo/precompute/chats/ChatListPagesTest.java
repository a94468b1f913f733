package com.avalo.precompute.chats;

import static com.avalo.precompute.chats.ChatFixtures.RUN;
import static com.avalo.precompute.chats.ChatFixtures.at;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.ChatList.Entry;
import com.avalo.precompute.schemas.ChatList.LastMessage;
import com.avalo.precompute.schemas.ParticipantCard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class ChatListPagesTest {
  private static final int PAGE_BYTES = 10_000;

  private static List<Entry> entries(int count) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String other = String.format("u%04d", i);
      entries.add(new Entry(String.format("chat%04d", i),
          new ParticipantCard(other, "User " + other, 30, "Lisbon", 2, false),
          at("20T10:00:00").minusSeconds(i),
          new LastMessage(other, "x".repeat(80), at("20T10:00:00").minusSeconds(i), true), i % 3));
    }
    return entries;
  }

  @Test
  public void pagesOfEmojiStayWithinTheirBytesAsStored() {
    // Jackson writes an emoji to bytes as two escapes (12 bytes), not as its 4 bytes of UTF-8.
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String other = String.format("u%04d", i);
      entries.add(new Entry(String.format("chat%04d", i),
          new ParticipantCard(other, "Anna 🌸", 30, "Lisbon", 2, false),
          at("20T10:00:00").minusSeconds(i),
          new LastMessage(other, "haha 😂😂😂 see you at 8? 😘🔥🔥 😂😂😂😂😂😂😂😂",
              at("20T10:00:00").minusSeconds(i), false), 1));
    }
    ChatListPages pages = new ChatListPages("chats", RUN, PAGE_BYTES, 20);
    ChatListPages.Written written = pages.write("ann", ChatOrder.newest(entries, 1_000));
    assertTrue("the list takes several pages", written.writes().size() > 2);
    for (CacheWrite write : written.writes()) {
      int stored = write.rendered().jsonUtf8().length;
      assertTrue(write.key() + " is " + stored + " bytes as stored", stored <= PAGE_BYTES);
    }
  }

  @Test
  public void oneListFitsOnePageAndItsOtherSlotsAreOnlyCounted() {
    ChatListPages pages = new ChatListPages("chats", RUN, PAGE_BYTES, 3);
    ChatListPages.Written written = pages.write("ann", ChatOrder.newest(entries(3), 100));
    assertEquals(List.of("chats:ann"), written.writes().stream().map(CacheWrite::key).toList());
    assertEquals(2, written.blindDeletes());
    ChatList list = written.writes().get(0).document().payloadAs(ChatList.class);
    assertEquals(new ChatList("ann", 0, 1, 3, entries(3), list.listVersion()), list);
    assertTrue(written.deadLetters().isEmpty());
  }

  @Test
  public void aLongListIsPagedUnderTheByteLimitInOrder() {
    ChatListPages pages = new ChatListPages("chats", RUN, PAGE_BYTES, 10);
    List<Entry> all = entries(120);
    ChatListPages.Written written = pages.write("ann", ChatOrder.newest(all, 1000));
    List<Entry> listed = new ArrayList<>();
    int pageCount = 0;
    for (CacheWrite write : written.writes()) {
      if (write.isDelete()) {
        continue;
      }
      assertTrue(write.key() + " is " + write.document().jsonSizeBytes() + " bytes",
          write.document().jsonSizeBytes() <= PAGE_BYTES);
      assertTrue("nearly full", write.document().jsonSizeBytes() > PAGE_BYTES - 400
          || write.key().equals(written.writes().get(pageCountOf(written) - 1).key()));
      ChatList page = write.document().payloadAs(ChatList.class);
      assertEquals(pageCount++, page.page());
      assertEquals(120, page.totalChats());
      listed.addAll(page.chats());
    }
    assertEquals(pageCount, pageCountOf(written));
    assertTrue("needs several pages: " + pageCount, pageCount >= 3);
    assertEquals(all, listed);
    assertEquals(pageCount, written.writes().size()); // puts only: deletes are the diff's
    assertEquals(10 - pageCount, written.blindDeletes());
  }

  @Test
  public void whatDoesNotFitIsDeadLetteredNotSilentlyDropped() {
    ChatListPages pages = new ChatListPages("chats", RUN, PAGE_BYTES, 2);
    ChatListPages.Written written = pages.write("ann", ChatOrder.newest(entries(120), 100));
    assertEquals(2, written.writes().size());
    ChatList last = written.writes().get(1).document().payloadAs(ChatList.class);
    assertEquals(2, last.pageCount());
    assertEquals(1, written.deadLetters().size());
    String reason = written.deadLetters().get(0).reason();
    assertTrue(reason, reason.startsWith("ann has 120 chats; the oldest "));
    assertTrue(reason, reason.contains("20 beyond --chatMaxChats"));
    assertNull(written.deadLetters().get(0).payload());
  }

  @Test
  public void everyPageOfAListCarriesItsVersionAndAnyChangeChangesIt() {
    ChatListPages pages = new ChatListPages("chats", RUN, PAGE_BYTES, 10);
    List<Entry> all = entries(120);
    List<String> versions = pages.write("ann", ChatOrder.newest(all, 1000)).writes().stream()
        .map(w -> w.document().payloadAs(ChatList.class).listVersion()).distinct().toList();
    assertEquals(1, versions.size());
    List<Entry> lastChanged = new java.util.ArrayList<>(all);
    lastChanged.remove(all.size() - 1); // a change on the last page alone
    ChatListPages.Written changed = pages.write("ann", ChatOrder.newest(lastChanged, 1000));
    for (CacheWrite write : changed.writes()) {
      assertNotEquals(versions.get(0), write.document().payloadAs(ChatList.class).listVersion());
    }
  }

  @Test
  public void theSameChatsSplitOtherwiseAreAnotherVersion() {
    // Another --chatPageBytes moves where the pages break, the entries unchanged. A reader holding
    // page 0 of one split must not take page 1 of another as the same list: it would show some
    // chats twice and others not at all.
    List<Entry> all = entries(120);
    Map<String, List<Integer>> splitOfVersion = new HashMap<>();
    Set<List<Integer>> splits = new HashSet<>();
    for (int pageBytes = PAGE_BYTES; pageBytes < PAGE_BYTES + 400; pageBytes += 20) {
      List<ChatList> pages = new ChatListPages("chats", RUN, pageBytes, 10)
          .write("ann", ChatOrder.newest(all, 1000)).writes().stream()
          .map(w -> w.document().payloadAs(ChatList.class)).toList();
      List<Integer> split = pages.stream().map(page -> page.chats().size()).toList();
      splits.add(split);
      List<Integer> before = splitOfVersion.putIfAbsent(pages.get(0).listVersion(), split);
      assertTrue("pages " + before + " and " + split + " share a version",
          before == null || before.equals(split));
    }
    assertTrue("the page size moves a page break", splits.size() > 1);
  }

  /**
   * The same chats as of the same time page alike whatever the run's id (a scheduled run's, a
   * --run-id of 128 characters) and however many digits its timestamps have: the budget leaves
   * room for the widest envelope, so reruns write the same pages, and a reader paging through
   * a list while it is rewritten unchanged is not told it changed.
   */
  @Test
  public void theRunIdAndTimestampDigitsDoNotMoveAPageBreak() {
    List<Entry> all = entries(120);
    for (int pageBytes = PAGE_BYTES; pageBytes < PAGE_BYTES + 400; pageBytes += 20) {
      Set<List<ChatList>> lists = new HashSet<>();
      for (RunContext run : List.of(RUN,
          new RunContext("r".repeat(128), RUN.asOf(), RUN.computedAt().plusNanos(123_456_789),
              null, RUN.activeWindow()))) {
        lists.add(new ChatListPages("chats", run, pageBytes, 10)
            .write("ann", ChatOrder.newest(all, 1000)).writes().stream()
            .map(w -> w.document().payloadAs(ChatList.class)).toList());
      }
      assertEquals("pages of " + pageBytes + " bytes", 1, lists.size());
    }
  }

  private static int pageCountOf(ChatListPages.Written written) {
    return (int) written.writes().stream().filter(w -> !w.isDelete()).count();
  }
}
