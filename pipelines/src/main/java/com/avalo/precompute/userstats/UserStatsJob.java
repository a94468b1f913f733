package com.avalo.precompute.userstats;

import com.avalo.precompute.io.PrecombinePerKey;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.Groups;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RecordedBy;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The {@code user-stats} job: {@code user:{uid}:stats} and {@code user:{uid}:tokens} for every
 * user who is not deleted (zeros when the user has no activity, so a read always finds an answer).
 * Both come from one sum of per-user contributions (likes, matches, chats, posts, purchases,
 * spends).
 */
public final class UserStatsJob implements PrecomputeJob {
  public static final String NAME = "user-stats";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<? extends PrecomputeOptions> optionsClass() {
    return UserStatsOptions.class;
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs in) {
    var sources = in.sources();
    Instant asOf = in.run().asOf();
    PCollection<KV<String, StatsContribution>> chatContributions = sources.messages()
        .apply("MessagesAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.MESSAGES))
        // Chats as the chats job sees them: a chat created after the as-of is in no chat list,
        // so none of its messages count here either, whatever their own dates say.
        .apply("ContributeChats", new ContributeChats(sources.read(SourceCollection.CHATS)
            .apply("ChatsAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.CHATS))));

    PCollection<KV<String, StatsContribution>> contributions = PCollectionList
        .of(chatContributions)
        .and(sources.read(SourceCollection.LIKES)
            .apply("LikesAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.LIKES))
            .apply("ContributeLikes", flatContributions(like -> Contributions.of(like))))
        .and(sources.read(SourceCollection.MATCHES)
            .apply("MatchesAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.MATCHES))
            .apply("ContributeMatches", flatContributions(match -> Contributions.of(match))))
        .and(sources.read(SourceCollection.POSTS)
            .apply("PostsAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.POSTS))
            .apply("ContributePosts", flatContributions(post -> List.of(Map.entry(post.authorId(),
                StatsContribution.builder().posts(1).build())))))
        .and(sources.read(SourceCollection.PURCHASES)
            .apply("PurchasesAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.PURCHASES))
            .apply("ContributePurchases", flatContributions(purchase -> List.of(Contributions.of(purchase)))))
        .and(sources.read(SourceCollection.SPENDS)
            .apply("SpendsAsOfForStats", RecordedBy.asOf(asOf, SourceCollection.SPENDS))
            .apply("ContributeSpends", flatContributions(spend -> List.of(Map.entry(spend.userId(),
                StatsContribution.builder().tokensSpent(spend.tokens()).build())))))
        .apply("AllContributions", Flatten.pCollections());

    return sources.users().apply("SumUserStats", new SumUserStats(contributions, in.run()));
  }

  /**
   * Emits a record's contributions, with the one coder every branch of the Flatten shares: Flink
   * refuses to union inputs whose coders differ, even when the Flatten's own coder is set.
   */
  private static <T> PTransform<PCollection<T>, PCollection<KV<String, StatsContribution>>>
      flatContributions(
          SerializableFunction<T, List<Map.Entry<String, StatsContribution>>> of) {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, StatsContribution>> expand(PCollection<T> records) {
        return records.apply("Emit", ParDo.of(new DoFn<T, KV<String, StatsContribution>>() {
          @ProcessElement
          public void process(@Element T record,
              OutputReceiver<KV<String, StatsContribution>> out) {
            for (Map.Entry<String, StatsContribution> entry : of.apply(record)) {
              out.output(KV.of(entry.getKey(), entry.getValue()));
            }
          }
        })).setCoder(contributionCoder());
      }
    };
  }

  private static KvCoder<String, StatsContribution> contributionCoder() {
    return KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(StatsContribution.class));
  }

  /**
   * Groups messages by chat and emits each participant's message and response figures. Messages
   * come from {@code SourceReader.messages()}, which has left out those of non-participants.
   */
  static final class ContributeChats
      extends PTransform<PCollection<Message>, PCollection<KV<String, StatsContribution>>> {
    // Transient: only the graph uses it; the DoFns built in expand() are serialized without it.
    private final transient PCollection<Chat> chats;

    ContributeChats(PCollection<Chat> chats) {
      this.chats = chats;
    }

    @Override
    public PCollection<KV<String, StatsContribution>> expand(PCollection<Message> messages) {
      TupleTag<Chat> chatTag = new TupleTag<>();
      TupleTag<Message> messageTag = new TupleTag<>();
      PCollection<KV<String, StatsContribution>> result = KeyedPCollectionTuple
          .of(chatTag, chats.apply("KeyChats", WithKeys.of(Chat::id).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Chat.class))))
          .and(messageTag, messages.apply("KeyMessages",
                  WithKeys.of(Message::chatId).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Message.class))))
          .apply("GroupMessagesByChat", CoGroupByKey.create())
          .apply("ContributeEachChat", ParDo.of(new DoFn<KV<String, CoGbkResult>, KV<String, StatsContribution>>() {
            @ProcessElement
            public void process(@Element KV<String, CoGbkResult> group,
                OutputReceiver<KV<String, StatsContribution>> out) {
              Chat chat = Groups.first(group.getValue().getAll(chatTag));
              if (chat == null) {
                return; // messages without a chat were dead-lettered when read
              }
              List<Message> sent = new ArrayList<>();
              group.getValue().getAll(messageTag).forEach(sent::add);
              for (Map.Entry<String, StatsContribution> entry : Contributions.of(chat, sent)) {
                out.output(KV.of(entry.getKey(), entry.getValue()));
              }
            }
          }));
      return result.setCoder(contributionCoder());
    }
  }

  /** Sums contributions per user and writes stats and tokens for every non-deleted user. */
  public static final class SumUserStats extends PTransform<PCollection<User>, PCollection<CacheWrite>> {
    // Transient: only the graph uses it; the DoFns built in expand() are serialized without it.
    private final transient PCollection<KV<String, StatsContribution>> contributions;
    private final RunContext run;

    public SumUserStats(PCollection<KV<String, StatsContribution>> contributions, RunContext run) {
      this.contributions = contributions;
      this.run = run;
    }

    @Override
    public PCollection<CacheWrite> expand(PCollection<User> users) {
      TupleTag<User> userTag = new TupleTag<>();
      TupleTag<StatsContribution> sumTag = new TupleTag<>();
      PCollection<KV<String, StatsContribution>> sums = contributions.setCoder(contributionCoder())
          .apply("SumPerUser", PrecombinePerKey.of(Combine.BinaryCombineFn.of(StatsContribution::plus)))
          .setCoder(contributionCoder());
      RunContext context = run;
      return KeyedPCollectionTuple
          .of(userTag, users.apply("KeyUsers", WithKeys.of(User::id).withKeyType(TypeDescriptors.strings()))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(User.class))))
          .and(sumTag, sums)
          .apply("JoinUsersAndSums", CoGroupByKey.create())
          .apply("EmitStatsAndTokens", ParDo.of(new DoFn<KV<String, CoGbkResult>, CacheWrite>() {
            @ProcessElement
            public void process(@Element KV<String, CoGbkResult> group, OutputReceiver<CacheWrite> out) {
              User user = Groups.first(group.getValue().getAll(userTag));
              if (user == null || !ProfileCards.isPublic(user)) {
                return;
              }
              StatsContribution sum = Groups.first(group.getValue().getAll(sumTag));
              StatsContribution total = sum == null ? StatsContribution.NONE : sum;
              out.output(context.put(NAME, DocumentType.USER_STATS.key(user.id()),
                  total.toStats(user.id())));
              out.output(context.put(NAME, DocumentType.USER_TOKENS.key(user.id()),
                  total.toTokens(user.id())));
            }
          }))
          .setCoder(CacheWriteCoder.of());
    }
  }
}
