package com.avalo.precompute.io;

import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps the messages whose chat exists and whose sender is one of its participants; any other goes
 * to the dead letters saying which. Checked once, when messages are read, so that every job counts
 * the same messages and a refused one is one dead letter of the run, not one per job that reads
 * messages. A message of a chat created after the run's as-of is left out, whatever its own date
 * (a client clock behind the server's): that chat is in no chat list, so no job counts its
 * messages either.
 *
 * <p>The chats' participants are broadcast as a side input and messages checked in batches, for the
 * reasons {@link DropDanglingReferences} gives. For the global window only (batch jobs).
 */
public final class DropMessagesOutsideTheirChat extends PTransform<PCollection<Message>, PCollectionTuple> {
  private final String job;
  // Transient: the pipeline graph needs it, the serialized DoFn must not carry it.
  private final transient PCollection<Chat> chats;
  private final Instant asOf;
  private final TupleTag<Message> validTag = new TupleTag<>();

  /** A chat as its messages are checked against it. */
  record Members(List<String> participants, Instant createdAt) implements Serializable {}

  public DropMessagesOutsideTheirChat(String job, PCollection<Chat> chats, Instant asOf) {
    this.job = job;
    this.chats = chats;
    this.asOf = asOf;
  }

  public TupleTag<Message> validTag() {
    return validTag;
  }

  /** Whether {@code message} was sent by one of {@code participants}, the people of its chat. */
  public static boolean sentByParticipant(Message message, Iterable<String> participants) {
    for (String participant : participants) {
      if (participant.equals(message.senderId())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public PCollectionTuple expand(PCollection<Message> messages) {
    if (!(messages.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      throw new IllegalArgumentException(getName() + " checks records in the global window only");
    }
    // A map view, one entry per chat: chats are unique by id when read (SourceReader), and a
    // multimap would hold an entry per participant.
    PCollectionView<Map<String, Members>> participants = chats
        .apply("ChatParticipants", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Members.class)))
            .via((Chat chat) -> KV.of(chat.id(), new Members(chat.participants(), chat.createdAt()))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Members.class)))
        .apply("ParticipantsByChat", View.asMap());
    PCollectionTuple checked = messages
        .apply("BatchMessages", ParDo.of(new DropDanglingReferences.BatchFn<Message>()))
        .setCoder(ListCoder.of(messages.getCoder()))
        .apply("KeepMessagesOfParticipants", ParDo.of(new CheckFn(job, participants, asOf, validTag))
            .withSideInputs(participants)
            .withOutputTags(validTag, TupleTagList.of(ParseRecords.DEAD_LETTERS)));
    checked.get(validTag).setCoder(RecordCoder.of(Message.class));
    checked.get(ParseRecords.DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return checked;
  }

  private static final class CheckFn extends DoFn<List<Message>, Message> {
    private final String job;
    private final ViewPerWindow<Map<String, Members>> participants;
    private final Instant asOf;
    private final TupleTag<Message> validTag;
    private final Counter rejected = Metrics.counter("dead_lettered", "messages");
    private final Counter ofLaterChats = Metrics.counter("messages", "in_chats_after_the_as_of");

    CheckFn(String job, PCollectionView<Map<String, Members>> participants, Instant asOf,
        TupleTag<Message> validTag) {
      this.job = job;
      this.participants = new ViewPerWindow<>(participants);
      this.asOf = asOf;
      this.validTag = validTag;
    }

    @ProcessElement
    public void process(@Element List<Message> batch, ProcessContext context, BoundedWindow window,
        MultiOutputReceiver out) {
      Map<String, Members> byChat = participants.get(context, window);
      for (Message message : batch) {
        Members chat = byChat.get(message.chatId());
        String reason;
        if (chat == null) {
          reason = "refers to missing chat " + ReasonText.quote(message.chatId());
        } else if (!sentByParticipant(message, chat.participants())) {
          reason = "sender " + ReasonText.quote(message.senderId()) + " is not a participant of chat "
              + ReasonText.quote(message.chatId()) + " " + ReasonText.quote(chat.participants())
              + "; the message is left out";
        } else if (chat.createdAt().isAfter(asOf)) {
          ofLaterChats.inc();
          continue;
        } else {
          out.get(validTag).output(message);
          continue;
        }
        rejected.inc();
        out.get(ParseRecords.DEAD_LETTERS).output(DeadLetter.of(job, "messages",
            "messages/" + message.uniqueId(), reason, Json.write(message)));
      }
    }
  }
}
