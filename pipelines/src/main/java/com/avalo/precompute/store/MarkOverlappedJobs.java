package com.avalo.precompute.store;

import com.avalo.precompute.serving.store.LastWriters;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import com.avalo.precompute.serving.store.StoreSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Run inside the pipeline once every write of the run is done: for each of the run's jobs whose
 * mark in the store is no longer this run's, another run (from another state location; a state
 * location's lock keeps its own runs apart) began writing the job while this one still was, so
 * neither run's manifest describes what the store holds. The job's mark becomes one naming no
 * run, and the job's next run, from any state location, reads its keys from the store.
 *
 * <p>Inside the pipeline rather than in the launcher, so that it holds where the launcher does not
 * wait for the end (a Dataflow Flex Template). Its input's elements pass through once checked: a
 * step that must follow the check waits on its output. A mark made after the writes ended flags an
 * overlap that was not one; that only costs the next run a read of the store's keys.
 */
final class MarkOverlappedJobs extends PTransform<PCollection<String>, PCollection<String>> {
  private static final String OVERLAP = "overlap of runs ";

  private final CheckFn check;

  MarkOverlappedJobs(StoreSpec spec, String storeDescription, List<LastWriter> ours) {
    this.check = new CheckFn(spec, storeDescription, List.copyOf(ours));
  }

  @Override
  public PCollection<String> expand(PCollection<String> afterWrites) {
    return afterWrites.apply(ParDo.of(check)).setCoder(afterWrites.getCoder());
  }

  /** The mark left where {@code mine}'s run overlapped the run of {@code found}. */
  static LastWriter overlap(LastWriter mine, Optional<LastWriter> found) {
    return new LastWriter(mine.job(), OVERLAP + mine.runId() + " and "
        + found.map(LastWriter::runId).orElse("(none)"), mine.stateLocation(), Instant.now());
  }

  private static final class CheckFn extends DoFn<String, String> {
    private final StoreSpec spec;
    private final String storeDescription;
    private final List<LastWriter> ours;

    CheckFn(StoreSpec spec, String storeDescription, List<LastWriter> ours) {
      this.spec = spec;
      this.storeDescription = storeDescription;
      this.ours = ours;
    }

    @ProcessElement
    public void process(@Element String element, OutputReceiver<String> out) {
      try (LastWriters writers = spec.openLastWriters()) {
        for (LastWriter mine : ours) {
          Optional<LastWriter> found = writers.get(mine.job());
          if (found.isPresent() && (found.get().sameRun(mine) || isOverlapOf(found.get(), mine))) {
            continue; // still ours, or already flagged by an earlier attempt of this bundle
          }
          System.err.println("warning: run " + found.map(LastWriter::runId).orElse("(none)")
              + " began writing job " + mine.job() + " to " + storeDescription + " while run "
              + mine.runId() + " was writing it; the next run of the job reads its keys from the"
              + " store");
          writers.put(overlap(mine, found));
        }
      }
      out.output(element);
    }

    private static boolean isOverlapOf(LastWriter found, LastWriter mine) {
      return found.runId() != null && found.runId().startsWith(OVERLAP + mine.runId() + " and ")
          && mine.stateLocation().equals(found.stateLocation());
    }
  }
}
