package com.avalo.precompute.chats;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.DropBlockedPairs;
import com.avalo.precompute.io.RecordedBy;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Block;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Chats as of the snapshot, each with its last message and its unread counts. Chats created after
 * {@code asOf} and chats between users who blocked each other by then (a block hides both users
 * from each other) are left out. Messages are those of the chats' participants
 * ({@code SourceReader.messages()}). {@link #PARTICIPANTS} names who has any chat at all, hidden ones
 * included.
 */
public final class SummarizeChats extends PTransform<PCollection<Chat>, PCollectionTuple> {
  public static final TupleTag<ChatSummary> SUMMARIES = new TupleTag<>() {};
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

  public SummarizeChats(PCollection<Message> messages, PCollection<Block> blocks, Instant asOf,
      int previewChars) {
    this.messages = messages;
    this.blocks = blocks;
    this.asOf = asOf;
    this.previewChars = previewChars;
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

    PCollection<ChatSummary> summarized = KeyedPCollectionTuple.of(CHAT, visible)
        .and(MESSAGE, messagesByChat)
        .apply("JoinMessages", CoGroupByKey.create())
        .apply("Summarize", ParDo.of(new SummarizeFn(asOf, previewChars)))
        .setCoder(RecordCoder.of(ChatSummary.class));
    return PCollectionTuple.of(SUMMARIES, summarized).and(PARTICIPANTS, participants);
  }

  private static final class SummarizeFn extends DoFn<KV<String, CoGbkResult>, ChatSummary> {
    private final Instant asOf;
    private final int previewChars;

    SummarizeFn(Instant asOf, int previewChars) {
      this.asOf = asOf;
      this.previewChars = previewChars;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<ChatSummary> out) {
      Iterator<Chat> chat = joined.getValue().getAll(CHAT).iterator();
      if (!chat.hasNext()) {
        return; // messages of a chat created after asOf, or hidden by a block
      }
      out.output(ChatSummary.summarize(
          chat.next(), joined.getValue().getAll(MESSAGE), asOf, previewChars));
    }
  }
}
