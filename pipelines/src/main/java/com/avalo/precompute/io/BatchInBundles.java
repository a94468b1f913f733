package com.avalo.precompute.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * Gathers a bundle's records into lists of up to a given size, for a step with a side input: on
 * Flink such a step runs in a task of its own, and it checks the side input's readiness per
 * element, so a list pays the crossing and the check once for many records. Global window only.
 */
final class BatchInBundles<T> extends DoFn<T, List<T>> {
  private final int maxBatch;
  private transient List<T> batch;

  BatchInBundles(int maxBatch) {
    this.maxBatch = maxBatch;
  }

  @StartBundle
  public void startBundle() {
    batch = new ArrayList<>();
  }

  @ProcessElement
  public void process(@Element T record, OutputReceiver<List<T>> out) {
    batch.add(record);
    if (batch.size() >= maxBatch) {
      out.output(batch);
      batch = new ArrayList<>();
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    if (!batch.isEmpty()) {
      context.output(batch, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    }
    batch = null;
  }
}
