package com.avalo.precompute.counts;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.CacheWriteCoder;
import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.InvalidKeyException;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Counts the config's queries over source records and wraps each count in its cache document.
 * Input: one PCollection per counted collection, tagged by collection name ({@code users}, ...).
 * Output: {@link #WRITES} and {@link #DEAD_LETTERS} (records whose group cannot be keyed, such as
 * an empty city).
 *
 * <p>Each matching record emits {@code ((query, key), 1)}; ungrouped queries also get a
 * {@code 0} seed, so they write a document when nothing matches. The sum is a
 * {@code Combine.perKey} whose combiner is lifted before the shuffle, so a hot group (every
 * message of the day lands in one key) is pre-summed on every worker rather than on one.
 */
public final class CountQueries extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final TupleTag<CacheWrite> WRITES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private static final KvCoder<KV<String, String>, Long> GROUP_COUNT_CODER = KvCoder.of(
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), VarLongCoder.of());

  private final String job;
  private final CountsConfig config;
  private final RunContext run;

  public CountQueries(String job, CountsConfig config, RunContext run) {
    super("CountQueries");
    this.job = job;
    this.config = config;
    this.run = run;
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple records) {
    List<PCollection<KV<KV<String, String>, Long>>> counts = new ArrayList<>();
    List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
    for (String collection : config.collections()) {
      List<CountQuery> queries =
          config.queries().stream().filter(q -> q.collection().equals(collection)).toList();
      PCollection<? extends SourceRecord> input = records.get(collection);
      TupleTag<KV<KV<String, String>, Long>> matched = new TupleTag<>() {};
      PCollectionTuple emitted = input.apply("Match" + title(collection),
          ParDo.of(new EmitGroupCounts(job, collection, queries, run, matched))
              .withOutputTags(matched, TupleTagList.of(DEAD_LETTERS)));
      counts.add(emitted.get(matched).setCoder(GROUP_COUNT_CODER));
      deadLetters.add(emitted.get(DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class)));
    }
    counts.add(records.getPipeline().apply("ZeroSeeds",
        Create.of(zeroSeeds(config, run)).withCoder(GROUP_COUNT_CODER)));

    PCollection<CacheWrite> writes = PCollectionList.of(counts)
        .apply("AllGroupCounts", Flatten.pCollections())
        .apply("SumPerGroup", Sum.longsPerKey())
        .apply("ToCountDocuments", MapElements.into(TypeDescriptor.of(CacheWrite.class))
            .via((KV<KV<String, String>, Long> group) -> document(group)))
        .setCoder(CacheWriteCoder.of());
    PCollection<DeadLetter> letters = PCollectionList.of(deadLetters)
        .and(records.getPipeline().apply("NoCountDeadLetters",
            Create.empty(RecordCoder.of(DeadLetter.class))))
        .apply("AllCountDeadLetters", Flatten.pCollections());
    return PCollectionTuple.of(WRITES, writes).and(DEAD_LETTERS, letters);
  }

  /** The {@code 0} of every ungrouped query, whose one key is known before any record is read. */
  static List<KV<KV<String, String>, Long>> zeroSeeds(CountsConfig config, RunContext run) {
    return config.queries().stream().filter(q -> q.groupBy().isEmpty())
        .map(q -> KV.of(KV.of(q.name(), q.key(Map.of(), run.asOf()).value()), 0L))
        .toList();
  }

  private CacheWrite document(KV<KV<String, String>, Long> group) {
    CountQuery query = config.query(group.getKey().getKey());
    CacheKey key = CacheKey.parse(group.getKey().getValue());
    return run.put(job, key, query.result(key, group.getValue(), run.asOf()));
  }

  private static String title(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Emits {@code ((query, key), 1)} for each query a record matches; a thin adapter. */
  static final class EmitGroupCounts extends DoFn<SourceRecord, KV<KV<String, String>, Long>> {
    private final String job;
    private final String collection;
    private final List<CountQuery> queries;
    private final RunContext run;
    private final TupleTag<KV<KV<String, String>, Long>> matched;
    // The run's summary and progress count dead letters from this metric, as for every refusal.
    private final Counter rejected;

    EmitGroupCounts(String job, String collection, List<CountQuery> queries, RunContext run,
        TupleTag<KV<KV<String, String>, Long>> matched) {
      this.job = job;
      this.collection = collection;
      this.queries = List.copyOf(queries);
      this.run = run;
      this.matched = matched;
      this.rejected = Metrics.counter("dead_lettered", collection);
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      for (CountQuery query : queries) {
        if (!query.matches(record, run)) {
          continue;
        }
        SortedMap<String, String> group = query.groupKey(record);
        if (group == null) {
          continue; // an unset group field: the record belongs to no group of this query
        }
        try {
          String key = query.key(group, run.asOf()).value();
          out.get(matched).output(KV.of(KV.of(query.name(), key), 1L));
        } catch (InvalidKeyException e) {
          rejected.inc();
          out.get(DEAD_LETTERS).output(DeadLetter.of(job, collection, collection + "/" + record.uniqueId(),
              "count query '" + query.name() + "' cannot key group " + ReasonText.quote(group)
                  + ": " + ReasonText.quote(e.getMessage()), Json.write(record)));
        }
      }
    }
  }
}
