package com.avalo.precompute.incremental;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one run writes incrementally, decided before its pipeline is built: for each job, what it
 * diffs against (the last committed manifest of the same job and store, or the store's own keys),
 * and where its new manifests and their index go. A manifest that cannot be trusted (missing,
 * truncated, altered, of another job or store, or of a run that never committed) is a warning,
 * and the job reads its keys from the store instead: it never deletes a key it cannot vouch for.
 *
 * @param stateLocation where manifests and the state file are kept
 * @param index the record of runs and their manifests
 * @param store the store written, as named in manifests
 * @param runId this run
 * @param previous what each job diffs against, by job name, in run order
 * @param warnings what a person should know: each manifest refused, and why
 */
public record IncrementalRun(String stateLocation, ManifestIndex index, String store, String runId,
    Map<String, Previous> previous, List<String> warnings) implements Serializable {

  /** What a job diffs against. */
  public sealed interface Previous extends Serializable {
    /** For the run's summary. */
    String describe();
  }

  /** The last committed manifest, checked whole. */
  public record FromManifest(String runId, List<String> shardPaths, long keys) implements Previous {
    @Override
    public String describe() {
      return "manifest of run " + runId + " (" + keys + " keys)";
    }
  }

  /** The job's keys as the store holds them, read once. */
  public record FromStore(String why) implements Previous {
    @Override
    public String describe() {
      return "keys read from the store (" + why + ")";
    }
  }

  /**
   * Decides what each job diffs against.
   *
   * @param full whether {@code --full} was asked for: every job reads the store
   */
  public static IncrementalRun plan(List<String> jobs, String store, String runId,
      String stateLocation, boolean full, ManifestIndex index) {
    return plan(jobs, store, runId, stateLocation, full, index, true);
  }

  /**
   * {@link #plan(List, String, String, String, boolean, ManifestIndex)} for a store that holds no
   * document at all when {@code storeHoldsDocuments} is false: a manifest listing keys then
   * describes a store since emptied or made anew (its file deleted, its collection dropped), and
   * trusting it would leave the new store empty.
   */
  public static IncrementalRun plan(List<String> jobs, String store, String runId,
      String stateLocation, boolean full, ManifestIndex index, boolean storeHoldsDocuments) {
    Map<String, Previous> previous = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (String job : jobs) {
      if (full) {
        previous.put(job, new FromStore("--full"));
        continue;
      }
      Optional<ManifestRecord> latest = index.latest(job, store);
      if (latest.isEmpty()) {
        previous.put(job, new FromStore("no manifest yet"));
        continue;
      }
      ManifestRecord record = latest.get();
      if (record.status() != ManifestRecord.Status.COMMITTED) {
        String why = "run " + record.runId() + " of " + job + " did not commit its manifest ("
            + record.status().name().toLowerCase() + "), so the store may hold writes no manifest lists";
        warnings.add(why + "; reading the keys of job " + job + " from the store instead");
        previous.put(job, new FromStore("last run uncommitted"));
        continue;
      }
      ManifestCheck.Result checked = ManifestCheck.check(record.manifest(), job, store);
      if (!checked.isTrusted()) {
        warnings.add(checked.problem() + "; reading the keys of job " + job + " from the store instead");
        previous.put(job, new FromStore("manifest refused"));
        continue;
      }
      ManifestCheck.Trusted trusted = checked.trusted();
      if (!storeHoldsDocuments && trusted.header().keyCount() > 0) {
        warnings.add("store " + store + " holds no documents, but the manifest of run "
            + trusted.header().runId() + " lists " + trusted.header().keyCount() + " keys of job "
            + job + ": the store was emptied or made anew since; reading the keys of job " + job
            + " from the store instead");
        previous.put(job, new FromStore("store emptied since the last manifest"));
        continue;
      }
      previous.put(job, new FromManifest(trusted.header().runId(), trusted.shardPaths(),
          trusted.header().keyCount()));
    }
    return new IncrementalRun(stateLocation, index, store, runId, previous, List.copyOf(warnings));
  }

  /** The directory of {@code job}'s manifest from this run. */
  public String manifestDirectory(String job) {
    return ManifestFiles.join(stateLocation, "manifests", job, runId);
  }

  /** Where {@code job}'s manifest header from this run goes. */
  public String manifestHeader(String job) {
    return ManifestFiles.join(manifestDirectory(job), ManifestHeader.FILE_NAME);
  }

  /** The records of this run's start, one per job. */
  public List<ManifestRecord> started(Instant asOf, Instant startedAt) {
    return previous.keySet().stream().map(job -> new ManifestRecord(runId, job, store, asOf,
        startedAt, ManifestRecord.Status.STARTED, manifestHeader(job), null)).toList();
  }
}
