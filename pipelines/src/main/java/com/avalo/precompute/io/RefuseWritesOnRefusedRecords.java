package com.avalo.precompute.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Fails a run before its first put or delete when more than {@code --maxRefusedRecordShare} of a
 * collection's records failed to parse, for the collections other than users (whose check,
 * {@link RefuseWritesOnLostUsers}, also fails a run that parsed none). Its output is empty, and
 * complete once the check has passed, for the diff to wait on as it waits on the users' check.
 *
 * <p>A few refused records are bad records, dead-lettered while the run goes on; most of a
 * collection refused is a source that changed (purchases' {@code tokens} written as a float, a
 * new purchase status, chats' {@code participants} renamed). Without this check the run went on
 * without them and published what they leave: every paying user's token balance minus what they
 * spent (174 of the seed's 175 paying users negative), every chat list deleted, every match list
 * empty. A collection with none refused passes whatever its size: an app may have no chats yet.
 * The message quotes one refused record of each collection, since a failed run may not get to
 * write its dead letters.
 */
public final class RefuseWritesOnRefusedRecords extends PTransform<PBegin, PCollection<Void>> {
  /** One collection's records as parsed, and the dead letters of those that did not parse. */
  public record Parsing(String collection, PCollection<?> parsed, PCollection<DeadLetter> refused) {}

  private final transient List<Parsing> parsings;
  private final double maxRefusedShare;

  /**
   * @param parsings the collections to check, each once
   * @param maxRefusedShare the share of a collection's records (0 to 1) that may be refused; at 1
   *     no collection fails the run
   */
  public RefuseWritesOnRefusedRecords(List<Parsing> parsings, double maxRefusedShare) {
    this.parsings = List.copyOf(parsings);
    this.maxRefusedShare = checkedShare(maxRefusedShare);
  }

  /**
   * {@code --maxRefusedRecordShare}, checked.
   *
   * @throws IllegalArgumentException when it is not between 0 and 1
   */
  static double checkedShare(double share) {
    return RefuseWritesOnLostUsers.checkedShare("--maxRefusedRecordShare",
        "a collection's records", share);
  }

  /**
   * Why a run whose {@code collection} parsed {@code parsed} records and refused {@code refused}
   * must not write, if it must not: the refused share is above {@code maxRefusedShare}.
   */
  static Optional<String> refusal(String collection, long parsed, long refused,
      double maxRefusedShare) {
    if (refused == 0) {
      return Optional.empty();
    }
    double share = (double) refused / (parsed + refused);
    if (share <= maxRefusedShare) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%,d of the source's %,d %s (%.1f%%) failed to"
        + " parse", refused, parsed + refused, collection, share * 100));
  }

  @Override
  public PCollection<Void> expand(PBegin begin) {
    PCollectionList<ParseTally> tallies = PCollectionList.empty(begin.getPipeline());
    for (Parsing parsing : parsings) {
      String collection = parsing.collection();
      String name = Character.toUpperCase(collection.charAt(0)) + collection.substring(1);
      tallies = tallies
          .and(parsing.parsed().apply("Count" + name + "Parsed", Count.globally())
              .apply("Tally" + name + "Parsed", MapElements.into(TypeDescriptor.of(ParseTally.class))
                  .via((Long count) -> new ParseTally(collection, count, 0, null)))
              .setCoder(RecordCoder.of(ParseTally.class)))
          .and(parsing.refused().apply("Tally" + name + "Refused",
              MapElements.into(TypeDescriptor.of(ParseTally.class)).via((DeadLetter letter) ->
                  new ParseTally(collection, 0, 1, letter.origin() + ": " + letter.reason())))
              .setCoder(RecordCoder.of(ParseTally.class)));
    }
    return tallies
        .apply("AllParseTallies", Flatten.pCollections())
        .apply("SumParseTallies", Combine.globally(new SumTallies()))
        .setCoder(RecordCoder.of(ParseTallies.class))
        .apply("RequireParsedRecords", ParDo.of(new RequireFn(maxRefusedShare)))
        .setCoder(VoidCoder.of());
  }

  /**
   * How many of a collection's records parsed and how many were refused, with one refused
   * record's origin and reason.
   */
  record ParseTally(String collection, long parsed, long refused, String example)
      implements java.io.Serializable {
    ParseTally plus(ParseTally other) {
      return new ParseTally(collection, parsed + other.parsed, refused + other.refused,
          example != null ? example : other.example);
    }
  }

  /** Every collection's tally, by name. */
  record ParseTallies(Map<String, ParseTally> byCollection) implements java.io.Serializable {}

  /** Sums the tallies by collection. */
  static final class SumTallies extends Combine.CombineFn<ParseTally, ParseTallies, ParseTallies> {
    @Override
    public ParseTallies createAccumulator() {
      return new ParseTallies(new TreeMap<>());
    }

    @Override
    public ParseTallies addInput(ParseTallies sum, ParseTally tally) {
      Map<String, ParseTally> byCollection = new TreeMap<>(sum.byCollection());
      byCollection.merge(tally.collection(), tally, ParseTally::plus);
      return new ParseTallies(byCollection);
    }

    @Override
    public ParseTallies mergeAccumulators(Iterable<ParseTallies> sums) {
      ParseTallies merged = createAccumulator();
      for (ParseTallies sum : sums) {
        for (ParseTally tally : sum.byCollection().values()) {
          merged = addInput(merged, tally);
        }
      }
      return merged;
    }

    @Override
    public ParseTallies extractOutput(ParseTallies sum) {
      return sum;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<ParseTallies> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<ParseTally> input) {
      return RecordCoder.of(ParseTallies.class);
    }
  }

  /** Fails the run when a collection's refused share is above the limit, naming every such one. */
  static final class RequireFn extends DoFn<ParseTallies, Void> {
    private final double maxRefusedShare;

    RequireFn(double maxRefusedShare) {
      this.maxRefusedShare = maxRefusedShare;
    }

    @ProcessElement
    public void process(@Element ParseTallies tallies) {
      message(tallies, maxRefusedShare).ifPresent(message -> {
        throw new IllegalStateException(message);
      });
    }
  }

  /** The run's refusal for these tallies, if any: every collection over the limit, each with an example. */
  static Optional<String> message(ParseTallies tallies, double maxRefusedShare) {
    List<String> refused = new ArrayList<>();
    // In name order, whatever map the tallies come in: the message is the same on every run.
    for (ParseTally tally : new TreeMap<>(tallies.byCollection()).values()) {
      refusal(tally.collection(), tally.parsed(), tally.refused(), maxRefusedShare)
          .ifPresent(why -> refused.add(why + " (one refused: " + tally.example() + ")"));
    }
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", refused) + ": more than --maxRefusedRecordShare="
        + maxRefusedShare + " allows, so the run would publish documents without them (token"
        + " balances without their purchases, chat lists without their chats); no document was"
        + " written or deleted. Mend the source, or raise --maxRefusedRecordShare to go on without"
        + " them");
  }
}
