package com.avalo.precompute.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Fails a run before its first put or delete when a collection it read mostly failed to parse:
 * more than {@code --maxRefusedUserShare} of its users or {@code --maxRefusedRecordShare} of
 * another collection's records, or no user at all. Its output is empty, and complete once the
 * check has passed; {@link com.avalo.precompute.incremental.WriteChangedDocuments} joins it into
 * the diff, whose grouping waits for every input, so no write is decided before it passes.
 *
 * <p>A few refused records are bad records, dead-lettered while the run goes on; most of a
 * collection refused is a source that changed: a {@code birthDate} stored as a Timestamp, a
 * purchase's {@code tokens} written as a string, chats' {@code participants} renamed. Without
 * this check the run went on without them and published what they leave. Every job reads users,
 * so a run that parsed none computes nothing and deletes every document its jobs wrote before;
 * one that lost most of them deletes most of their cards, feeds and stats. Without its purchases
 * the seed's paying users were published with their spending as a negative balance (174 of 175);
 * without its chats every chat list was deleted. A collection other than users with none refused
 * passes whatever its size: an app may have no chats yet. The message quotes one refused record
 * of each collection it names, since a failed run may not get to write its dead letters.
 *
 * <p>The check counts the records, not the writes, in one combine with no side input. A first
 * version passed every write through a step with side inputs, which Flink's DataStream runner
 * holds in memory until those side inputs are ready: at 1,000,000 users that held the run's 11.9M
 * documents, filled an 8 GiB heap and stalled the run.
 */
public final class RefuseWritesOnRefusedRecords extends PTransform<PBegin, PCollection<Void>> {
  /** One collection's records as parsed, the dead letters of those that did not, and its limit. */
  public record Parsing(String collection, PCollection<?> parsed, PCollection<DeadLetter> refused,
      Limit limit) {}

  /**
   * How much of a collection may be refused: a share of its records (0 to 1), given by
   * {@code flag}; with {@code noneParsedRefuses}, a collection of which none parsed also fails the
   * run, even when it had no records to refuse.
   */
  public record Limit(String flag, double maxRefusedShare, boolean noneParsedRefuses)
      implements Serializable {
    /**
     * @throws IllegalArgumentException when the share is not between 0 and 1, naming the flag
     */
    public Limit {
      if (!(maxRefusedShare >= 0 && maxRefusedShare <= 1)) {
        throw new IllegalArgumentException(flag + "=" + maxRefusedShare + " must be between 0 and"
            + " 1 (the share of " + (noneParsedRefuses ? "users" : "a collection's records")
            + " that may fail to parse; 0.5 is half)");
      }
    }

    /** Users': none parsed, or more than {@code --maxRefusedUserShare} refused. */
    public static Limit users(double maxRefusedUserShare) {
      return new Limit("--maxRefusedUserShare", maxRefusedUserShare, true);
    }

    /** Any other collection's: more than {@code --maxRefusedRecordShare} refused. */
    public static Limit otherRecords(double maxRefusedRecordShare) {
      return new Limit("--maxRefusedRecordShare", maxRefusedRecordShare, false);
    }
  }

  private final transient List<Parsing> parsings;

  /** @param parsings the collections to check, each once */
  public RefuseWritesOnRefusedRecords(List<Parsing> parsings) {
    this.parsings = List.copyOf(parsings);
  }

  /**
   * Why a run whose {@code collection} parsed {@code parsed} records and refused {@code refused}
   * must not write, if it must not.
   */
  static Optional<String> refusal(String collection, long parsed, long refused, Limit limit) {
    if (parsed == 0 && limit.noneParsedRefuses()) {
      return Optional.of(String.format(Locale.ROOT, "none of the source's %s parsed (%,d"
          + " refused), so the run would delete every document its jobs wrote before",
          collection, refused));
    }
    if (refused == 0) {
      return Optional.empty();
    }
    double share = (double) refused / (parsed + refused);
    if (share <= limit.maxRefusedShare()) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%,d of the source's %,d %s (%.1f%%) failed to"
        + " parse, more than %s=%s allows", refused, parsed + refused, collection, share * 100,
        limit.flag(), limit.maxRefusedShare()));
  }

  @Override
  public PCollection<Void> expand(PBegin begin) {
    PCollectionList<ParseTally> tallies = PCollectionList.empty(begin.getPipeline());
    Map<String, Limit> limits = new LinkedHashMap<>();
    for (Parsing parsing : parsings) {
      String collection = parsing.collection();
      limits.put(collection, parsing.limit());
      String name = Character.toUpperCase(collection.charAt(0)) + collection.substring(1);
      tallies = tallies
          .and(parsing.parsed().apply("Tally" + name + "Parsed",
                  ParDo.of(TallyEachBundleFn.parsed(collection)))
              .setCoder(RecordCoder.of(ParseTally.class)))
          .and(parsing.refused().apply("Tally" + name + "Refused",
                  ParDo.of(TallyEachBundleFn.refused(collection)))
              .setCoder(RecordCoder.of(ParseTally.class)));
    }
    return tallies
        .apply("AllParseTallies", Flatten.pCollections())
        .apply("SumParseTallies", Combine.globally(new SumTallies()))
        .setCoder(RecordCoder.of(ParseTallies.class))
        .apply("RequireParsedRecords", ParDo.of(new RequireFn(new TreeMap<>(limits))))
        .setCoder(VoidCoder.of());
  }

  /**
   * One tally of a collection's parsed or refused records per bundle, none for a bundle of none;
   * a refused tally keeps the bundle's first letter as its example. Not a {@code Count.globally}
   * per collection: each is a keyed step, and on Flink every keyed step takes a share of the
   * slot's managed memory for its sort, so ten of them shrank every other sort's buffer until the
   * feeds' side input no longer fit at 1,000,000 users (RankCandidates).
   */
  static final class TallyEachBundleFn<T> extends DoFn<T, ParseTally> {
    private final String collection;
    /** A refused record's example; null when the records tallied are parsed ones. */
    private final SerializableFunction<T, String> exampleOfRefused;
    private transient long count;
    private transient String example;

    private TallyEachBundleFn(String collection, SerializableFunction<T, String> exampleOfRefused) {
      this.collection = collection;
      this.exampleOfRefused = exampleOfRefused;
    }

    static <T> TallyEachBundleFn<T> parsed(String collection) {
      return new TallyEachBundleFn<>(collection, null);
    }

    static TallyEachBundleFn<DeadLetter> refused(String collection) {
      return new TallyEachBundleFn<>(collection,
          letter -> letter.origin() + ": " + letter.reason());
    }

    @StartBundle
    public void startBundle() {
      count = 0;
      example = null;
    }

    @ProcessElement
    public void process(@Element T record) {
      if (exampleOfRefused != null && example == null) {
        example = exampleOfRefused.apply(record);
      }
      count++;
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (count > 0) {
        context.output(exampleOfRefused == null ? new ParseTally(collection, count, 0, null)
                : new ParseTally(collection, 0, count, example),
            GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }
  }

  /**
   * How many of a collection's records parsed and how many were refused, with one refused
   * record's origin and reason.
   */
  record ParseTally(String collection, long parsed, long refused, String example)
      implements Serializable {
    ParseTally plus(ParseTally other) {
      return new ParseTally(collection, parsed + other.parsed, refused + other.refused,
          example != null ? example : other.example);
    }
  }

  /** Every collection's tally, by name. */
  record ParseTallies(Map<String, ParseTally> byCollection) implements Serializable {}

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
    public Coder<ParseTallies> getAccumulatorCoder(CoderRegistry registry,
        Coder<ParseTally> input) {
      return RecordCoder.of(ParseTallies.class);
    }
  }

  /** Fails the run when a collection is over its limit, naming every such one. */
  static final class RequireFn extends DoFn<ParseTallies, Void> {
    private final TreeMap<String, Limit> limits;

    RequireFn(TreeMap<String, Limit> limits) {
      this.limits = limits;
    }

    @ProcessElement
    public void process(@Element ParseTallies tallies) {
      message(tallies, limits).ifPresent(message -> {
        throw new IllegalStateException(message);
      });
    }
  }

  /**
   * The run's refusal for these tallies, if any: every collection over its limit, each with an
   * example. A collection with no tally (it had no records, so no bundle counted any) has parsed
   * and refused nothing.
   */
  static Optional<String> message(ParseTallies tallies, Map<String, Limit> limits) {
    List<String> refused = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    // In name order, whatever map the limits come in: the message is the same on every run.
    for (Map.Entry<String, Limit> entry : new TreeMap<>(limits).entrySet()) {
      String collection = entry.getKey();
      Limit limit = entry.getValue();
      ParseTally tally = tallies.byCollection()
          .getOrDefault(collection, new ParseTally(collection, 0, 0, null));
      refusal(collection, tally.parsed(), tally.refused(), limit).ifPresent(why -> {
        refused.add(why + (tally.example() == null ? "" : " (one refused: " + tally.example() + ")"));
        // Raising the share does not help a collection of which none parsed.
        boolean noneParsed = tally.parsed() == 0 && limit.noneParsedRefuses();
        if (!noneParsed && !flags.contains(limit.flag())) {
          flags.add(limit.flag());
        }
      });
    }
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join("; ", refused) + ". The run would publish documents without"
        + " them (cards, feeds and stats without their users, token balances without their"
        + " purchases, chat lists without their chats), so no document was written or deleted."
        + " Mend the source" + (flags.isEmpty() ? ""
            : ", or raise " + String.join(" or ", flags) + " to go on without them"));
  }
}
