package com.avalo.precompute.analytics;

import com.avalo.precompute.io.PrecombinePerKey;
import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.source.SourceRecords.Like;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.User;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * {@code analytics:engagement:{period}}: new users, likes, superlikes, passes, matches and match
 * rate, messages sent and response rate of each planned bucket (definitions in
 * {@link EngagementTotals}); zeros for a bucket without any.
 */
public final class CountEngagement extends PTransform<PCollectionTuple, PCollection<CacheWrite>> {
  public static final String METRIC = "engagement";
  public static final TupleTag<User> USERS = new TupleTag<>() {};
  public static final TupleTag<Like> LIKES = new TupleTag<>() {};
  public static final TupleTag<Match> MATCHES = new TupleTag<>() {};
  public static final TupleTag<Message> MESSAGES = new TupleTag<>() {};

  private static final KvCoder<String, EngagementTotals> TOTALS_CODER =
      KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(EngagementTotals.class));

  private final BucketPlan plan;
  private final AnalyticsDocuments documents;
  private final int responseWindowHours;

  public CountEngagement(BucketPlan plan, AnalyticsDocuments documents, int responseWindowHours) {
    this.plan = plan;
    this.documents = documents;
    this.responseWindowHours = responseWindowHours;
  }

  @Override
  public PCollection<CacheWrite> expand(PCollectionTuple input) {
    Instant asOf = plan.asOf();
    Duration window = Duration.ofHours(responseWindowHours);
    PCollection<KV<String, ChatStart.EarliestBySender>> chats = input.get(MESSAGES)
        .apply("KeyMessagesByChat", ParDo.of(new KeyByChatFn(asOf)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(),
            new ChatStart.EarliestBySenderCoder()))
        .apply("EarliestPerSender", PrecombinePerKey.of(new EarliestPerSenderFn()));

    List<KV<String, EngagementTotals>> seeds = new ArrayList<>();
    plan.buckets().keySet().forEach(period -> seeds.add(KV.of(period, EngagementTotals.ZERO)));
    PCollectionList<KV<String, EngagementTotals>> contributions = PCollectionList
        .of(input.getPipeline().apply("SeedBuckets", Create.of(seeds).withCoder(TOTALS_CODER)))
        .and(contribute(input.get(USERS), "NewUsers", User::createdAt, u -> EngagementTotals.newUser()))
        .and(contribute(input.get(LIKES), "Likes", Like::createdAt,
            like -> EngagementTotals.like(like.kind())))
        .and(contribute(input.get(MATCHES), "Matches", Match::createdAt, m -> EngagementTotals.match()))
        .and(contribute(input.get(MESSAGES), "MessagesSent", Message::sentAt,
            m -> EngagementTotals.messageSent()))
        .and(contribute(chats.apply("StartChats", ParDo.of(new StartChatFn(window, asOf)))
                .setCoder(RecordCoder.of(ChatStart.class)),
            "ChatsStarted", ChatStart::firstSentAt, EngagementTotals::chatStarted));

    return contributions
        .apply("FlattenContributions", Flatten.pCollections())
        .apply("SumPerBucket", PrecombinePerKey.<String, EngagementTotals, List<EngagementTotals>,
            EngagementTotals>of(Combine.IterableCombineFn.of(CountEngagement::sum)))
        .apply("WriteEngagement", ParDo.of(new WriteFn(plan, documents, responseWindowHours)))
        .setCoder(CacheWriteCoder.of());
  }

  private <T> PCollection<KV<String, EngagementTotals>> contribute(PCollection<T> records,
      String name, SerializableFunction<T, Instant> timeOf,
      SerializableFunction<T, EngagementTotals> contribution) {
    return records
        .apply("Bucket" + name, ParDo.of(new ContributeToBuckets<>(plan, timeOf, contribution)))
        .setCoder(TOTALS_CODER);
  }

  /** Each sender's earliest message of a chat, from its messages' one-entry maps. */
  static final class EarliestPerSenderFn extends Combine.CombineFn<ChatStart.EarliestBySender,
      ChatStart.EarliestBySender, ChatStart.EarliestBySender> {
    @Override
    public ChatStart.EarliestBySender createAccumulator() {
      return new ChatStart.EarliestBySender();
    }

    @Override
    public ChatStart.EarliestBySender addInput(ChatStart.EarliestBySender accumulator,
        ChatStart.EarliestBySender message) {
      return accumulator.addAll(message);
    }

    @Override
    public ChatStart.EarliestBySender mergeAccumulators(
        Iterable<ChatStart.EarliestBySender> accumulators) {
      ChatStart.EarliestBySender merged = new ChatStart.EarliestBySender();
      accumulators.forEach(merged::addAll);
      return merged;
    }

    @Override
    public ChatStart.EarliestBySender extractOutput(ChatStart.EarliestBySender accumulator) {
      return accumulator;
    }

    @Override
    public Coder<ChatStart.EarliestBySender> getAccumulatorCoder(CoderRegistry registry,
        Coder<ChatStart.EarliestBySender> input) {
      return new ChatStart.EarliestBySenderCoder();
    }

    @Override
    public Coder<ChatStart.EarliestBySender> getDefaultOutputCoder(CoderRegistry registry,
        Coder<ChatStart.EarliestBySender> input) {
      return new ChatStart.EarliestBySenderCoder();
    }
  }

  private static EngagementTotals sum(Iterable<EngagementTotals> parts) {
    EngagementTotals total = EngagementTotals.ZERO;
    for (EngagementTotals part : parts) {
      total = total.plus(part);
    }
    return total;
  }

  /** Each message as its sender's earliest of its chat, so far; messages after asOf are left out. */
  private static final class KeyByChatFn
      extends DoFn<Message, KV<String, ChatStart.EarliestBySender>> {
    private final Instant asOf;

    KeyByChatFn(Instant asOf) {
      this.asOf = asOf;
    }

    @ProcessElement
    public void process(@Element Message message,
        OutputReceiver<KV<String, ChatStart.EarliestBySender>> out) {
      if (!message.sentAt().isAfter(asOf)) {
        out.output(KV.of(message.chatId(), new ChatStart.EarliestBySender().add(
            message.senderId(), new ChatStart.Earliest(message.sentAt(), message.id()))));
      }
    }
  }

  private static final class StartChatFn
      extends DoFn<KV<String, ChatStart.EarliestBySender>, ChatStart> {
    private final Duration window;
    private final Instant asOf;

    StartChatFn(Duration window, Instant asOf) {
      this.window = window;
      this.asOf = asOf;
    }

    @ProcessElement
    public void process(@Element KV<String, ChatStart.EarliestBySender> chat,
        OutputReceiver<ChatStart> out) {
      ChatStart start = ChatStart.of(chat.getValue(), window, asOf);
      if (start != null) {
        out.output(start);
      }
    }
  }

  private static final class WriteFn extends DoFn<KV<String, EngagementTotals>, CacheWrite> {
    private final BucketPlan plan;
    private final AnalyticsDocuments documents;
    private final int responseWindowHours;

    WriteFn(BucketPlan plan, AnalyticsDocuments documents, int responseWindowHours) {
      this.plan = plan;
      this.documents = documents;
      this.responseWindowHours = responseWindowHours;
    }

    @ProcessElement
    public void process(@Element KV<String, EngagementTotals> bucket, OutputReceiver<CacheWrite> out) {
      Bucket planned = plan.bucket(bucket.getKey());
      ObjectNode values = documents.values(planned);
      bucket.getValue().writeTo(values, responseWindowHours);
      out.output(documents.write(METRIC, planned, values));
    }
  }
}
