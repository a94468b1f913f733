package com.avalo.precompute.counts;

import com.avalo.precompute.io.CacheWrite;
import com.avalo.precompute.io.JobInputs;
import com.avalo.precompute.io.PrecomputeJob;
import com.avalo.precompute.io.PrecomputeOptions;
import com.avalo.precompute.io.RunContext;
import com.avalo.precompute.io.SourceReader;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The {@code counts} job: writes {@code count:{collection}:{filters}} documents for the named
 * queries of the counts config ({@link CountsConfig}, {@code --countsConfig}).
 */
public final class CountsJob implements PrecomputeJob {
  public static final String NAME = "counts";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<? extends PrecomputeOptions> optionsClass() {
    return CountsOptions.class;
  }

  @Override
  public void validate(PrecomputeOptions options, RunContext run) {
    config(options);
  }

  @Override
  public PCollection<CacheWrite> expand(JobInputs inputs) {
    CountsConfig config = config(inputs.options());
    PCollectionTuple records = PCollectionTuple.empty(inputs.pipeline());
    for (String collection : config.collections()) {
      records = records.and(collection, read(inputs.sources(), SourceCollection.named(collection)));
    }
    PCollectionTuple counted = records.apply(new CountQueries(NAME, config, inputs.run()));
    inputs.addDeadLetters(counted.get(CountQueries.DEAD_LETTERS));
    return counted.get(CountQueries.WRITES);
  }

  private static CountsConfig config(PrecomputeOptions options) {
    return CountsConfig.load(options.as(CountsOptions.class).getCountsConfig());
  }

  /** Messages are counted only in chats that exist, as every other job sees them. */
  private static <T extends SourceRecord> PCollection<?> read(
      SourceReader sources, SourceCollection<T> collection) {
    return collection == SourceCollection.MESSAGES ? sources.messages() : sources.read(collection);
  }
}
