package com.avalo.precompute.chats;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.schemas.ChatList.Entry;
import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.source.SourceRecords.User;
import java.time.Instant;
import java.util.Iterator;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Turns each chat into one list entry per participant, keyed by the participant whose list it
 * goes in, with the other participant's card. A chat whose other participant's account is
 * deleted is not listed.
 */
public final class AttachParticipantCards
    extends PTransform<PCollection<ChatSummary>, PCollection<KV<String, Entry>>> {
  private static final TupleTag<ChatSummary> CHAT = new TupleTag<>() {};
  private static final TupleTag<User> USER = new TupleTag<>() {};

  private final transient PCollection<User> users;
  private final Instant asOf;

  public AttachParticipantCards(PCollection<User> users, Instant asOf) {
    this.users = users;
    this.asOf = asOf;
  }

  @Override
  public PCollection<KV<String, Entry>> expand(PCollection<ChatSummary> chats) {
    // Each chat goes to both participants, each time keyed by the one whose card it needs.
    PCollection<KV<String, ChatSummary>> byCardHolder = chats
        .apply("KeyByEachParticipant", FlatMapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ChatSummary.class)))
            .via(chat -> chat.participants().stream().map(uid -> KV.of(uid, chat)).toList()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(ChatSummary.class)));
    PCollection<KV<String, User>> usersById = users
        .apply("KeyUsersById", WithKeys.<String, User>of(User::id)
            .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(User.class)));

    return KeyedPCollectionTuple.of(CHAT, byCardHolder)
        .and(USER, usersById)
        .apply("JoinCards", CoGroupByKey.create())
        .apply("ToEntries", ParDo.of(new ToEntriesFn(asOf)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Entry.class)));
  }

  private static final class ToEntriesFn extends DoFn<KV<String, CoGbkResult>, KV<String, Entry>> {
    private final Instant asOf;

    ToEntriesFn(Instant asOf) {
      this.asOf = asOf;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined,
        OutputReceiver<KV<String, Entry>> out) {
      Iterator<User> user = joined.getValue().getAll(USER).iterator();
      // Chats are read with their participants checked, so the user is there unless deleted.
      if (!user.hasNext()) {
        return;
      }
      User cardHolder = user.next();
      if (!ProfileCards.isPublic(cardHolder)) {
        return;
      }
      ParticipantCard card = ProfileCards.participant(cardHolder, asOf);
      for (ChatSummary chat : joined.getValue().getAll(CHAT)) {
        String owner = chat.otherThan(cardHolder.id());
        out.output(KV.of(owner, new Entry(chat.chatId(), card, chat.lastActivityAt(),
            chat.lastMessage(), chat.unread().getOrDefault(owner, 0))));
      }
    }
  }
}
