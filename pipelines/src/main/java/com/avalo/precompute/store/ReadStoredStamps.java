package com.avalo.precompute.store;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.serving.store.CacheStore;
import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.StoreSpec;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the stamps of one job's documents from a store through its {@link CacheStore}: one query
 * on the {@code job} field (a projection on Firestore), streamed by one worker. A job's keys are
 * read once per full run, so one reader keeps it simple at the cost of parallelism.
 */
final class ReadStoredStamps extends PTransform<PBegin, PCollection<DocumentStamp>> {
  private final StoreSpec spec;
  private final String job;

  ReadStoredStamps(StoreSpec spec, String job) {
    this.spec = spec;
    this.job = job;
  }

  @Override
  public PCollection<DocumentStamp> expand(PBegin begin) {
    return begin.apply("Job", Create.of(job))
        .apply("QueryStamps", ParDo.of(new QueryStampsFn(spec)))
        .setCoder(RecordCoder.of(DocumentStamp.class));
  }

  static final class QueryStampsFn extends DoFn<String, DocumentStamp> {
    private final StoreSpec spec;
    private final Counter read = WriteCounters.stampsRead();

    QueryStampsFn(StoreSpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element String job, OutputReceiver<DocumentStamp> out) {
      try (CacheStore store = spec.openShared()) {
        store.forEachStamp(job, stamp -> {
          read.inc();
          out.output(stamp);
        });
      }
    }
  }
}
