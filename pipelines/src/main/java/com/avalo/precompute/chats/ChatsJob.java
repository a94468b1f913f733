package com.avalo.precompute.chats;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.User;
import java.time.Instant;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * {@code chats:{uid}}: every user's chat list, newest activity first, each chat with the other
 * participant's card, the last message's preview and the user's unread count; paged into
 * {@code chats:{uid}:{page}} only past {@code --chatPageBytes}.
 *
 * <p>Reads as: chats -> {@link SummarizeChats} (with messages and blocks) ->
 * {@link AttachParticipantCards} -> {@link PaginateChatLists}. Records after {@code asOf} (chats,
 * messages, blocks) are ignored, so a rerun with the same {@code asOf} writes the same content.
 */
public final class ChatsJob implements PrecomputeJob {
  public static final String NAME = "chats";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<ChatsOptions> optionsClass() {
    return ChatsOptions.class;
  }

  @Override
  public void validate(PrecomputeOptions options, RunContext run) {
    ChatsOptions chats = options.as(ChatsOptions.class);
    require(chats.getChatPreviewChars() >= 1 && chats.getChatPreviewChars() <= 1000,
        "--chatPreviewChars=" + chats.getChatPreviewChars() + " must be between 1 and 1000");
    require(chats.getChatPageBytes() >= 10_000 && chats.getChatPageBytes() <= 1_000_000,
        "--chatPageBytes=" + chats.getChatPageBytes() + " must be between 10000 and 1000000"
            + " (Firestore stores at most 1 MiB per document)");
    require(chats.getChatMaxPages() >= 1 && chats.getChatMaxPages() <= 100,
        "--chatMaxPages=" + chats.getChatMaxPages() + " must be between 1 and 100");
    require(chats.getChatMaxChats() >= 1 && chats.getChatMaxChats() <= 100_000,
        "--chatMaxChats=" + chats.getChatMaxChats() + " must be between 1 and 100000");
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs inputs) {
    ChatsOptions options = inputs.options().as(ChatsOptions.class);
    Instant asOf = inputs.run().asOf();
    PCollection<User> users = inputs.sources().users();

    PCollectionTuple summaries = inputs.sources().read(SourceCollection.CHATS)
        .apply("SummarizeChats", new SummarizeChats(inputs.sources().messages(),
            inputs.sources().read(SourceCollection.BLOCKS), asOf, options.getChatPreviewChars()));

    ChatListPages pages = new ChatListPages(
        NAME, inputs.run(), options.getChatPageBytes(), options.getChatMaxPages());
    PCollectionTuple written = summaries.get(SummarizeChats.SUMMARIES)
        .apply("AttachParticipantCards", new AttachParticipantCards(users, asOf))
        .apply("PaginateChatLists",
            new PaginateChatLists(users, summaries.get(SummarizeChats.PARTICIPANTS), pages,
                options.getChatMaxChats()));
    inputs.addDeadLetters(written.get(PaginateChatLists.DEAD_LETTERS));
    return written.get(PaginateChatLists.WRITES);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
