package com.avalo.precompute.matches;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.cards.ProfileCards;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.Groups;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.DropBlockedPairs;
import com.avalo.precompute.io.RecordedBy;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.schemas.MatchList;
import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.store.RefuseOversizedDocuments;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
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
    PCollectionTuple lists = in.sources().users().apply("ListMatches", new ListMatches(listed,
        in.run(), in.options().as(MatchListsOptions.class).getMaxMatchesListed()));
    in.addDeadLetters(lists.get(ListMatches.LEFT_OUT));
    return lists.get(ListMatches.WRITES);
  }

  /** Lists each user's matches, newest first, with the other participant's card. */
  static final class ListMatches extends PTransform<PCollection<User>, PCollectionTuple> {
    static final TupleTag<CacheWrite> WRITES = new TupleTag<>("writes") {};
    /** Entries a list could not hold, with why. */
    static final TupleTag<DeadLetter> LEFT_OUT = new TupleTag<>("leftOut") {};

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
    public PCollectionTuple expand(PCollection<User> users) {
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
      int budget = entriesBudget();
      PCollectionTuple lists = KeyedPCollectionTuple.of(userTag, usersById).and(entryTag, entries)
          .apply("GroupMatchesByUser", CoGroupByKey.create())
          .apply("EmitMatchLists", ParDo.of(new DoFn<KV<String, CoGbkResult>, CacheWrite>() {
            // Counted with the run's dead letters, by their collection.
            private final Counter leftOut = Metrics.counter("dead_lettered", "matches");

            @ProcessElement
            public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
              User user = Groups.first(group.getValue().getAll(userTag));
              if (user == null || !ProfileCards.isPublic(user)) {
                return;
              }
              List<MatchList.Entry> all = new ArrayList<>();
              group.getValue().getAll(entryTag).forEach(all::add);
              Listed listed = newestFirst(user.id(), all, limit, budget);
              out.get(WRITES).output(context.put(MatchListsJob.NAME,
                  DocumentType.MATCHES.key(user.id()), listed.list()));
              for (MatchList.Entry entry : listed.tooBig()) {
                leftOut.inc();
                out.get(LEFT_OUT).output(DeadLetter.of(NAME, "matches", "matches/" + entry.matchId(),
                    "the entry of match " + ReasonText.quote(entry.matchId()) + " in "
                        + ReasonText.quote(user.id()) + "'s list takes "
                        + (Json.writeBytes(entry).length + 1) + " bytes, more than the list's "
                        + budget + "-byte budget under the document limit; it is left out",
                    Json.write(entry)));
              }
              if (listed.cutForSize() > 0) {
                leftOut.inc();
                out.get(LEFT_OUT).output(DeadLetter.of(NAME, "matches",
                    "matches:" + user.id(), ReasonText.quote(user.id()) + "'s oldest "
                        + listed.cutForSize() + " of " + Math.min(limit, all.size())
                        + " matches are left out of the list, whose newer ones fill its "
                        + budget + "-byte budget under the document limit", null));
              }
            }
          }).withOutputTags(WRITES, TupleTagList.of(LEFT_OUT)));
      lists.get(WRITES).setCoder(CacheWriteCoder.of());
      lists.get(LEFT_OUT).setCoder(RecordCoder.of(DeadLetter.class));
      return lists;
    }
  }

  /**
   * A user's match list and what its document could not hold.
   *
   * @param tooBig entries bigger alone than the document's budget (a card with a name of a
   *     megabyte), left out
   * @param cutForSize the oldest entries left out because the newer ones filled the document
   */
  public record Listed(MatchList list, List<MatchList.Entry> tooBig, int cutForSize) {}

  /** Bytes a list's entries may take: the document limit less the widest empty list's document. */
  static int entriesBudget() {
    return RefuseOversizedDocuments.MAX_DOCUMENT_BYTES - RunContext.widestDocumentBytes(NAME,
        DocumentType.MATCHES.key(RunContext.WIDEST_ID),
        new MatchList(RunContext.WIDEST_ID, Integer.MAX_VALUE, List.of()));
  }

  /** The match list payload: newest first, ties by match id, at most {@code limit} entries. */
  public static MatchList newestFirst(String uid, List<MatchList.Entry> entries, int limit) {
    return newestFirst(uid, entries, limit, Integer.MAX_VALUE).list();
  }

  /**
   * The match list payload, newest first, ties by match id, at most {@code limit} entries, whose
   * entries take at most {@code budget} bytes: one list is one document, so it must fit Firestore's
   * limit, where a list refused whole would be stale and then missing. {@code total} still counts
   * every match.
   */
  public static Listed newestFirst(String uid, List<MatchList.Entry> entries, int limit,
      int budget) {
    List<MatchList.Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(MatchList.Entry::createdAt).reversed()
        .thenComparing(MatchList.Entry::matchId));
    List<MatchList.Entry> newest = sorted.subList(0, Math.min(limit, sorted.size()));
    if (surelyFits(newest, budget)) {
      return new Listed(new MatchList(uid, sorted.size(), List.copyOf(newest)), List.of(), 0);
    }
    List<MatchList.Entry> listed = new ArrayList<>();
    List<MatchList.Entry> tooBig = new ArrayList<>();
    int used = 0;
    int cut = 0;
    for (MatchList.Entry entry : newest) {
      int bytes = Json.writeBytes(entry).length + 1; // and the comma before the next
      if (bytes > budget) {
        tooBig.add(entry);
      } else if (cut > 0 || used + bytes > budget) {
        cut++; // newest first: once one does not fit, none older is listed
      } else {
        used += bytes;
        listed.add(entry);
      }
    }
    return new Listed(new MatchList(uid, sorted.size(), List.copyOf(listed)), tooBig, cut);
  }

  /**
   * Whether {@code entries} surely fit {@code budget} without writing them out: JSON takes at most
   * 6 bytes a character (an escape), a user id at most 128 characters of one byte, field names and
   * numbers under 400. Match and chat ids have no length limit: they are counted as they are.
   */
  private static boolean surelyFits(List<MatchList.Entry> entries, int budget) {
    long bound = 0;
    for (MatchList.Entry entry : entries) {
      ParticipantCard other = entry.other();
      long text = other.displayName().length() + other.city().length() + entry.matchId().length()
          + (entry.chatId() == null ? 0 : entry.chatId().length());
      bound += 6L * text + 128 + 400;
    }
    return bound <= budget;
  }
}
