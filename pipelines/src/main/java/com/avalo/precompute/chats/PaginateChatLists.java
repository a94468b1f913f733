package com.avalo.precompute.chats;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.schemas.ChatList.Entry;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import java.util.Iterator;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
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
 * (and deletes pages an older, longer list left). A deleted account gets no list: its pages are
 * deleted.
 */
public final class PaginateChatLists
    extends PTransform<PCollection<KV<String, Entry>>, PCollectionTuple> {
  public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private static final TupleTag<Entry> ENTRY = new TupleTag<>() {};
  private static final TupleTag<UserStatus> STATUS = new TupleTag<>() {};

  private final transient PCollection<User> users;
  private final ChatListPages pages;
  private final int maxChats;

  public PaginateChatLists(PCollection<User> users, ChatListPages pages, int maxChats) {
    this.users = users;
    this.pages = pages;
    this.maxChats = maxChats;
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<String, Entry>> entries) {
    PCollection<KV<String, UserStatus>> statuses = users
        .apply("UserStatuses", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(UserStatus.class)))
            .via((User user) -> KV.of(user.id(), user.status())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(UserStatus.class)));
    PCollectionTuple written = KeyedPCollectionTuple.of(ENTRY, entries)
        .and(STATUS, statuses)
        .apply("GroupByOwner", CoGroupByKey.create())
        .apply("WritePages", ParDo.of(new WritePagesFn(pages, maxChats))
            .withOutputTags(WRITES, TupleTagList.of(DEAD_LETTERS)));
    written.get(WRITES).setCoder(SerializableCoder.of(CacheWrite.class));
    written.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
    return written;
  }

  private static final class WritePagesFn extends DoFn<KV<String, CoGbkResult>, CacheWrite> {
    private final ChatListPages pages;
    private final int maxChats;
    private final Counter rejected = Metrics.counter("dead_lettered", "chats");

    WritePagesFn(ChatListPages pages, int maxChats) {
      this.pages = pages;
      this.maxChats = maxChats;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> owner, MultiOutputReceiver out) {
      Iterable<Entry> entries = owner.getValue().getAll(ENTRY);
      if (!entries.iterator().hasNext()) {
        return; // a user without chats gets no list
      }
      String uid = owner.getKey();
      Iterator<UserStatus> status = owner.getValue().getAll(STATUS).iterator();
      if (!status.hasNext() || status.next() == UserStatus.deleted) {
        pages.deleteAll(uid).forEach(out.get(WRITES)::output);
        return;
      }
      ChatListPages.Written written = pages.write(uid, ChatOrder.newest(entries, maxChats));
      written.writes().forEach(out.get(WRITES)::output);
      rejected.inc(written.deadLetters().size());
      written.deadLetters().forEach(out.get(DEAD_LETTERS)::output);
    }
  }
}
