package com.avalo.precompute.chats;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.ChatList.Entry;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.schemas.ListVersion;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one user's chat list: {@code chats:{uid}} and, only when the list passes the page size,
 * {@code chats:{uid}:1} and on, every page carrying the list's {@link ListVersion}. Pages an
 * older, longer list left are the run's diff's to delete; the slots up to {@code maxPages} that a
 * run without manifests deleted blindly are only counted ({@link Written#blindDeletes}). Sizes are
 * measured on the document's JSON, envelope included, the same measure
 * {@link com.avalo.precompute.schemas.CacheDocument#jsonSizeBytes()} gives.
 *
 * @param job the job writing the documents
 * @param run the run's context (snapshot, envelope)
 * @param pageBytes largest document in bytes
 * @param maxPages most pages of one list
 */
public record ChatListPages(String job, RunContext run, int pageBytes, int maxPages)
    implements Serializable {

  /**
   * The writes of one list, the dead letters for what could not be listed, and the page slots past
   * its end that a run without manifests would have deleted.
   */
  public record Written(List<CacheWrite> writes, List<DeadLetter> deadLetters, int blindDeletes) {}

  /**
   * The pages of {@code uid}'s list from its newest chats in list order.
   *
   * @param newest the entries kept, sorted by {@link ChatOrder#NEWEST_FIRST}, and the total count
   */
  public Written write(String uid, ChatOrder.Newest newest) {
    int budget = pageBytes - emptyPageBytes(uid);
    ChatPaging.Pages<Entry> pages =
        ChatPaging.paginate(newest.entries(), ChatListPages::entryBytes, budget, maxPages);
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (Entry entry : pages.oversized()) {
      deadLetters.add(DeadLetter.of(job, "chats", "chats/" + entry.chatId(),
          "the entry of chat " + ReasonText.quote(entry.chatId()) + " in " + ReasonText.quote(uid)
              + "'s list takes "
              + entryBytes(entry) + " bytes, more than a page of --chatPageBytes=" + pageBytes
              + " holds; it is left out", Json.write(entry)));
    }
    int beyondMaxChats = newest.total() - newest.entries().size();
    if (beyondMaxChats + pages.overflow() > 0) {
      deadLetters.add(DeadLetter.of(job, "chats", "chats:" + uid,
          ReasonText.quote(uid) + " has " + newest.total() + " chats; the oldest " + (beyondMaxChats + pages.overflow())
              + " are left out of the list (" + beyondMaxChats + " beyond --chatMaxChats, "
              + pages.overflow() + " beyond --chatMaxPages=" + maxPages + " pages of "
              + pageBytes + " bytes)", null));
    }
    int listed = newest.entries().size() - pages.oversized().size() - pages.overflow();
    int pageCount = pages.pages().size();
    List<Object> definition = new ArrayList<>(List.of(pageCount, listed));
    if (pageCount > 1) {
      // Where the pages break: it moves with --chatPageBytes, and the same entries split
      // otherwise are pages a reader must not mix.
      definition.add(pages.pages().stream().map(List::size).toList());
    }
    pages.pages().forEach(definition::addAll);
    String version = ListVersion.of(definition);
    List<CacheWrite> writes = new ArrayList<>();
    for (int page = 0; page < pageCount; page++) {
      ChatList list = new ChatList(uid, page, pageCount, listed, pages.pages().get(page), version);
      writes.add(run.put(job, DocumentType.CHATS.key(uid, page), list));
    }
    return new Written(writes, deadLetters, maxPages - pageCount);
  }

  /**
   * Bytes an entry adds to a page: its JSON as the store gets it, and the comma before the next.
   * Measured on the written bytes, not on the text: Jackson writes a character beyond the BMP (an
   * emoji) to bytes as two escapes, 12 bytes, where the text's UTF-8 takes 4.
   */
  static int entryBytes(Entry entry) {
    return Json.writeBytes(entry).length + 1;
  }

  /**
   * Bytes of a page of {@code uid}'s list without entries, with the widest page numbers and the
   * widest envelope any run can give it (the longest run id, timestamps with every digit): the
   * budget, and so where the pages break, must not move with the run id or the timestamps'
   * digits, or the same data as of the same time would page differently from run to run.
   */
  int emptyPageBytes(String uid) {
    ChatList empty = new ChatList(uid, maxPages, maxPages, Integer.MAX_VALUE, List.of(),
        ListVersion.of(List.of()));
    return RunContext.widestDocumentBytes(job, DocumentType.CHATS.key(uid, maxPages), empty);
  }
}
