package com.avalo.precompute.matches;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.Groups;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.DropBlockedPairs;
import com.avalo.precompute.io.RecordedBy;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The {@code matches} job: {@code matches:{uid}} for every user who is not deleted, newest match
 * first, each with the other participant's card (an empty list when the user has no match, so a
 * read always finds an answer).
 */
public final class MatchListsJob implements PrecomputeJob {
  public static final String NAME = "matches";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<? extends PrecomputeOptions> optionsClass() {
    return MatchListsOptions.class;
  }

  @Override
  public void validate(PrecomputeOptions options, RunContext run) {
    if (options.as(MatchListsOptions.class).getMaxMatchesListed() <= 0) {
      throw new IllegalArgumentException("--maxMatchesListed must be positive");
    }
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs in) {
    Instant asOf = in.run().asOf();
    // A block hides the match from both lists, as it hides the pair's chat from both chat lists.
    PCollection<Match> listed = in.sources().read(SourceCollection.MATCHES)
        .apply("MatchesAsOf", RecordedBy.asOf(asOf, SourceCollection.MATCHES))
        .apply("DropBlockedMatches", new DropBlockedPairs<>(
            in.sources().read(SourceCollection.BLOCKS), asOf, Match::userIds));
    return in.sources().users().apply("ListMatches", new ListMatches(listed, in.run(),
        in.options().as(MatchListsOptions.class).getMaxMatchesListed()));
  }

  /** Lists each user's matches, newest first, with the other participant's card. */
  static final class ListMatches extends PTransform<PCollection<User>, PCollection<CacheWrite>> {
    // Transient: only the graph uses it; the DoFns built in expand() are serialized without it.
    private final transient PCollection<Match> matches;
    private final RunContext run;
    private final int maxListed;

    ListMatches(PCollection<Match> matches, RunContext run, int maxListed) {
      this.matches = matches;
      this.run = run;
      this.maxListed = maxListed;
    }

    @Override
    public PCollection<CacheWrite> expand(PCollection<User> users) {
      RunContext context = run;
      int limit = maxListed;
      PCollection<KV<String, User>> usersById = users
          .apply("KeyUsers", WithKeys.of(User::id).withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(User.class)));
      // Key each match by the other participant so the join brings their card.
      TupleTag<User> otherTag = new TupleTag<>();
      TupleTag<KV<String, Match>> sideTag = new TupleTag<>();
      PCollection<KV<String, KV<String, Match>>> byOther = matches.apply("KeyByOther",
          ParDo.of(new DoFn<Match, KV<String, KV<String, Match>>>() {
            @ProcessElement
            public void process(@Element Match match, OutputReceiver<KV<String, KV<String, Match>>> out) {
              String a = match.userIds().get(0);
              String b = match.userIds().get(1);
              out.output(KV.of(b, KV.of(a, match)));
              out.output(KV.of(a, KV.of(b, match)));
            }
          })).setCoder(KvCoder.of(StringUtf8Coder.of(),
              KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(Match.class))));
      PCollection<KV<String, MatchList.Entry>> entries = KeyedPCollectionTuple
          .of(otherTag, usersById).and(sideTag, byOther)
          .apply("JoinOtherCards", CoGroupByKey.create())
          .apply("ToEntries", ParDo.of(new DoFn<KV<String, CoGbkResult>, KV<String, MatchList.Entry>>() {
            @ProcessElement
            public void process(@Element KV<String, CoGbkResult> group,
                OutputReceiver<KV<String, MatchList.Entry>> out) {
              User other = Groups.first(group.getValue().getAll(otherTag));
              if (other == null || !ProfileCards.isPublic(other)) {
                return;
              }
              for (KV<String, Match> side : group.getValue().getAll(sideTag)) {
                Match match = side.getValue();
                out.output(KV.of(side.getKey(), new MatchList.Entry(match.id(), match.chatId(),
                    match.createdAt(), ProfileCards.participant(other, context.asOf()))));
              }
            }
          })).setCoder(KvCoder.of(StringUtf8Coder.of(), RecordCoder.of(MatchList.Entry.class)));
      TupleTag<User> userTag = new TupleTag<>();
      TupleTag<MatchList.Entry> entryTag = new TupleTag<>();
      return KeyedPCollectionTuple.of(userTag, usersById).and(entryTag, entries)
          .apply("GroupMatchesByUser", CoGroupByKey.create())
          .apply("EmitMatchLists", ParDo.of(new DoFn<KV<String, CoGbkResult>, CacheWrite>() {
            @ProcessElement
            public void process(@Element KV<String, CoGbkResult> group, OutputReceiver<CacheWrite> out) {
              User user = Groups.first(group.getValue().getAll(userTag));
              if (user == null || !ProfileCards.isPublic(user)) {
                return;
              }
              List<MatchList.Entry> all = new ArrayList<>();
              group.getValue().getAll(entryTag).forEach(all::add);
              out.output(context.put(MatchListsJob.NAME, DocumentType.MATCHES.key(user.id()),
                  newestFirst(user.id(), all, limit)));
            }
          }))
          .setCoder(CacheWriteCoder.of());
    }
  }

  /** The match list payload: newest first, ties by match id, at most {@code limit} entries. */
  public static MatchList newestFirst(String uid, List<MatchList.Entry> entries, int limit) {
    List<MatchList.Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(MatchList.Entry::createdAt).reversed()
        .thenComparing(MatchList.Entry::matchId));
    return new MatchList(uid, sorted.size(), List.copyOf(sorted.subList(0, Math.min(limit, sorted.size()))));
  }
}
