package com.avalo.precompute.io;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A side input read once per window by a DoFn instance, kept across its bundles.
 *
 * <p>Runners rebuild a map or multimap view on every {@code sideInput} call (the DirectRunner, and
 * Flink's DataStream translation once per bundle, of 5,000 elements in batch): a pass over the
 * whole side input each time. The jobs are batch, so a window's side input is complete before any element
 * reads it, and one view per window serves every bundle.
 */
public final class ViewPerWindow<T> implements Serializable {
  private final PCollectionView<T> view;
  private transient T value;
  private transient BoundedWindow window;

  public ViewPerWindow(PCollectionView<T> view) {
    this.view = view;
  }

  public T get(DoFn<?, ?>.ProcessContext context, BoundedWindow current) {
    if (value == null || !current.equals(window)) {
      value = context.sideInput(view);
      window = current;
    }
    return value;
  }
}
