package com.avalo.precompute.chats;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.DropBlockedPairs;
import com.avalo.precompute.io.RecordedBy;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Chats as of the snapshot, each with its last message and its unread counts. Chats created after
 * {@code asOf} and chats between users who blocked each other by then (a block hides both users
 * from each other) are left out; a message from a user who is not a participant goes to the dead
 * letters. {@link #PARTICIPANTS} names who has any chat at all, hidden ones included.
 */
public final class SummarizeChats extends PTransform<PCollection<Chat>, PCollectionTuple> {
  public static final TupleTag<ChatSummary> SUMMARIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  /**
   * Every participant of every chat as of the snapshot, hidden chats included (once per chat): a
   * user whose chats are all hidden still gets a list, an empty one, replacing the one that showed
   * them.
   */
  public static final TupleTag<String> PARTICIPANTS = new TupleTag<>() {};

  private static final TupleTag<Chat> CHAT = new TupleTag<>() {};
  private static final TupleTag<Message> MESSAGE = new TupleTag<>() {};

  private final transient PCollection<Message> messages;
  private final transient PCollection<Block> blocks;
  private final Instant asOf;
  private final int previewChars;
  private final String job;

  public SummarizeChats(PCollection<Message> messages, PCollection<Block> blocks, Instant asOf,
      int previewChars, String job) {
    this.messages = messages;
    this.blocks = blocks;
    this.asOf = asOf;
    this.previewChars = previewChars;
    this.job = job;
  }

  @Override
  public PCollectionTuple expand(PCollection<Chat> chats) {
    Instant snapshot = asOf;
    PCollection<Chat> existing = chats
        .apply("DropFutureChats", RecordedBy.asOf(snapshot, SourceCollection.CHATS));
    PCollection<String> participants = existing
        .apply("Participants", FlatMapElements.into(TypeDescriptors.strings())
            .via((Chat chat) -> chat.participants()))
        .setCoder(StringUtf8Coder.of());
    PCollection<KV<String, Chat>> visible = existing
        .apply("DropBlockedChats", new DropBlockedPairs<>(blocks, snapshot, Chat::participants))
        .apply("KeyChatsById", WithKeys.<String, Chat>of(Chat::id).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Chat.class)));

    PCollection<KV<String, Message>> messagesByChat = messages
        .apply("DropFutureMessages", RecordedBy.asOf(snapshot, SourceCollection.MESSAGES))
        .apply("KeyMessagesByChat", WithKeys.<String, Message>of(Message::chatId)
            .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Message.class)));

    PCollectionTuple summarized = KeyedPCollectionTuple.of(CHAT, visible)
        .and(MESSAGE, messagesByChat)
        .apply("JoinMessages", CoGroupByKey.create())
        .apply("Summarize", ParDo.of(new SummarizeFn(asOf, previewChars, job))
            .withOutputTags(SUMMARIES, TupleTagList.of(DEAD_LETTERS)));
    summarized.get(SUMMARIES).setCoder(RecordCoder.of(ChatSummary.class));
    summarized.get(DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return summarized.and(PARTICIPANTS, participants);
  }

  private static final class SummarizeFn extends DoFn<KV<String, CoGbkResult>, ChatSummary> {
    private final Instant asOf;
    private final int previewChars;
    private final String job;
    private final Counter rejected = Metrics.counter("dead_lettered", "messages");

    SummarizeFn(Instant asOf, int previewChars, String job) {
      this.asOf = asOf;
      this.previewChars = previewChars;
      this.job = job;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, MultiOutputReceiver out) {
      Iterator<Chat> chat = joined.getValue().getAll(CHAT).iterator();
      if (!chat.hasNext()) {
        return; // messages of a chat created after asOf, or hidden by a block
      }
      ChatSummary.Result result = ChatSummary.summarize(
          chat.next(), joined.getValue().getAll(MESSAGE), asOf, previewChars);
      out.get(SUMMARIES).output(result.summary());
      for (Message stranger : result.strangers()) {
        rejected.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(job, "messages", "messages/" + stranger.id(),
            "sender " + ReasonText.quote(stranger.senderId()) + " is not a participant of chat "
                + ReasonText.quote(stranger.chatId()) + " "
                + ReasonText.quote(List.copyOf(result.summary().participants()))
                + "; the message is left out of the chat list",
            Json.write(stranger)));
      }
    }
  }
}
