package com.avalo.precompute.chats;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.EnumCoder;
import com.avalo.precompute.schemas.ChatList.Entry;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.store.WriteCounters;
import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.util.Iterator;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Gathers each user's entries into their chat list, newest activity first, and writes its pages
 * (pages an older, longer list left are the diff's to delete). A user whose chats are all hidden
 * (blocked, or with a deleted account) gets an empty list, so that the hidden chats vanish from
 * the cache now rather than when the old list expires. A deleted account gets no list, so the
 * diff deletes the pages it had.
 */
public final class PaginateChatLists
    extends PTransform<PCollection<KV<String, Entry>>, PCollectionTuple> {
  public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private static final TupleTag<Entry> ENTRY = new TupleTag<>() {};
  private static final TupleTag<UserStatus> STATUS = new TupleTag<>() {};
  private static final TupleTag<String> HAS_CHATS = new TupleTag<>() {};

  private final transient PCollection<User> users;
  private final transient PCollection<String> participants;
  private final ChatListPages pages;
  private final int maxChats;

  /**
   * @param users every user, for the list owner's status
   * @param participants users with any chat, hidden ones included: those left with no visible
   *     chat get an empty list, replacing one an older run wrote
   */
  public PaginateChatLists(PCollection<User> users, PCollection<String> participants,
      ChatListPages pages, int maxChats) {
    this.users = users;
    this.participants = participants;
    this.pages = pages;
    this.maxChats = maxChats;
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<String, Entry>> entries) {
    PCollection<KV<String, UserStatus>> statuses = users
        .apply("UserStatuses", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(UserStatus.class)))
            .via((User user) -> KV.of(user.id(), user.status())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EnumCoder.of(UserStatus.class)));
    PCollection<KV<String, String>> hasChats = participants
        .apply("KeyParticipants", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((String uid) -> KV.of(uid, "")))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollectionTuple written = KeyedPCollectionTuple.of(ENTRY, entries)
        .and(STATUS, statuses)
        .and(HAS_CHATS, hasChats)
        .apply("GroupByOwner", CoGroupByKey.create())
        .apply("WritePages", ParDo.of(new WritePagesFn(pages, maxChats))
            .withOutputTags(WRITES, TupleTagList.of(DEAD_LETTERS)));
    written.get(WRITES).setCoder(CacheWriteCoder.of());
    written.get(DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return written;
  }

  private static final class WritePagesFn extends DoFn<KV<String, CoGbkResult>, CacheWrite> {
    private final ChatListPages pages;
    private final int maxChats;
    private final Counter rejected = Metrics.counter("dead_lettered", "chats");
    private final Counter blindDeletes = WriteCounters.blindDeletes();

    WritePagesFn(ChatListPages pages, int maxChats) {
      this.pages = pages;
      this.maxChats = maxChats;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> owner, MultiOutputReceiver out) {
      Iterable<Entry> entries = owner.getValue().getAll(ENTRY);
      if (!entries.iterator().hasNext() && !owner.getValue().getAll(HAS_CHATS).iterator().hasNext()) {
        return; // a user without chats gets no list
      }
      String uid = owner.getKey();
      Iterator<UserStatus> status = owner.getValue().getAll(STATUS).iterator();
      if (!status.hasNext() || !ProfileCards.isPublic(status.next())) {
        blindDeletes.inc(pages.maxPages()); // all of its page slots, without manifests
        return;
      }
      ChatListPages.Written written = pages.write(uid, ChatOrder.newest(entries, maxChats));
      written.writes().forEach(out.get(WRITES)::output);
      blindDeletes.inc(written.blindDeletes());
      rejected.inc(written.deadLetters().size());
      written.deadLetters().forEach(out.get(DEAD_LETTERS)::output);
    }
  }
}
