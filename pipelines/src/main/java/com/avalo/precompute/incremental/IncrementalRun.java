package com.avalo.precompute.incremental;

import com.avalo.precompute.serving.store.DocumentStamp;
import com.avalo.precompute.serving.store.LastWriters.LastWriter;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How one run writes incrementally, decided before its pipeline is built: for each job, what it
 * diffs against (the last committed manifest of the same job and store, or the store's own keys),
 * and where its new manifests and their index go. A manifest that cannot be trusted (missing,
 * truncated, altered, of another job or store, of a run that never committed, or of a run the
 * store does not name as the job's last writer) is a warning,
 * and the job reads its keys from the store instead: it never deletes a key it cannot vouch for.
 *
 * @param stateLocation where manifests and the state file are kept
 * @param index the record of runs and their manifests
 * @param store the store written, as named in manifests
 * @param runId this run
 * @param previous what each job diffs against, by job name, in run order
 * @param warnings what a person should know: each manifest refused, and why
 * @param writersSeen the store's last writer of each job as the plan read it (a job without a
 *     mark is absent), which the run's own mark must replace unchanged
 */
public record IncrementalRun(String stateLocation, ManifestIndex index, String store, String runId,
    Map<String, Previous> previous, List<String> warnings, Map<String, LastWriter> writersSeen)
    implements Serializable {

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
   * Decides what each job diffs against, trusting every manifest that passes its checks as a
   * description of the store.
   *
   * @param full whether {@code --full} was asked for: every job reads the store
   */
  public static IncrementalRun plan(List<String> jobs, String store, String runId,
      String stateLocation, boolean full, ManifestIndex index) {
    return plan(jobs, store, runId, stateLocation, full, index, Instant.MIN, Set::copyOf,
        anyJobs -> Map.of());
  }

  /**
   * {@link #plan(List, String, String, String, boolean, ManifestIndex)}, checking each manifest
   * against the store as well: the first key it lists as still fresh at {@code now} (its first key
   * when none is) must be in the store ({@code holding} answers which of some keys the store
   * holds). One that is not describes a store since emptied or made anew (its file deleted, its
   * collection dropped), also when other jobs have written to it since; trusting the manifest
   * would leave the job's unchanged documents unwritten, and so missing, until they went stale.
   * Before that, the store's last writer of the job ({@code lastWriters}) must be the manifest's
   * run, when the store names one: a run from another state location may have changed what the
   * manifest lists since (stores written before the marks existed name none).
   */
  public static IncrementalRun plan(List<String> jobs, String store, String runId,
      String stateLocation, boolean full, ManifestIndex index, Instant now,
      Function<List<String>, Set<String>> holding,
      Function<List<String>, Map<String, LastWriter>> lastWriters) {
    Map<String, Previous> previous = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    Map<String, DocumentStamp> samples = new LinkedHashMap<>();
    Map<String, LastWriter> writersSeen = Map.copyOf(lastWriters.apply(jobs));
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
            + record.status().name().toLowerCase(Locale.ROOT)
            + "), so the store may hold writes no manifest lists";
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
      // A mark without a run id or location (written by hand, or cut short) is no one's.
      Optional<LastWriter> writer = Optional.ofNullable(writersSeen.get(job))
          .filter(other -> !trusted.header().runId().equals(other.runId())
              || !canonical(stateLocation).equals(other.stateLocation()));
      if (writer.isPresent()) {
        warnings.add("store " + store + " was last written for job " + job + " by run "
            + writer.get().runId() + " (state location " + writer.get().stateLocation()
            + ", started " + writer.get().startedAt() + "), not by run "
            + trusted.header().runId() + " of the manifest in " + stateLocation
            + ", so the manifest may not describe the store; reading the keys of job " + job
            + " from the store instead");
        previous.put(job, new FromStore("last written by run " + writer.get().runId()));
        continue;
      }
      previous.put(job, new FromManifest(trusted.header().runId(), trusted.shardPaths(),
          trusted.header().keyCount()));
      firstFresh(trusted, now).or(() -> first(trusted)).ifPresent(stamp -> samples.put(job, stamp));
    }
    if (!samples.isEmpty()) {
      Set<String> held = holding.apply(samples.values().stream().map(DocumentStamp::key).toList());
      samples.forEach((job, stamp) -> {
        if (!held.contains(stamp.key())) {
          warnings.add("store " + store + " does not hold " + stamp.key() + ", which the manifest"
              + " of run " + ((FromManifest) previous.get(job)).runId() + " lists (expiring "
              + stamp.expiresAt() + "): the store was emptied or made anew since; reading the keys"
              + " of job " + job + " from the store instead");
          previous.put(job, new FromStore("store emptied since the last manifest"));
        }
      });
    }
    return new IncrementalRun(stateLocation, index, store, runId, previous, List.copyOf(warnings),
        writersSeen);
  }

  /**
   * This plan, diffing against what it does, with this run's manifests and their record kept under
   * {@code scratch} instead: a dry run builds the real run's pipeline, manifests included, and
   * leaves the state location as it found it.
   */
  public IncrementalRun rehearsedIn(String scratch) {
    return new IncrementalRun(scratch, new StateFileIndex(scratch), store, runId, previous, warnings,
        writersSeen);
  }

  /** The first stamp of {@code manifest} that expires after {@code now}, if any. */
  private static Optional<DocumentStamp> firstFresh(ManifestCheck.Trusted manifest, Instant now) {
    return firstStamp(manifest, text -> ManifestFiles.stamp(text).expiresAt().isAfter(now));
  }

  /**
   * The manifest's first stamp, when none is fresh at the run's start: a run of an old window (a
   * rerun, or a scheduled launch retried days later) computes the same expired stamps, so the diff
   * skips every key the manifest lists; a store emptied since would then stay empty. Its absence
   * may also be Firestore's TTL at work, and then the store is read for nothing much: its keys are
   * gone.
   */
  private static Optional<DocumentStamp> first(ManifestCheck.Trusted manifest) {
    return firstStamp(manifest, text -> true);
  }

  /** The first stamp of {@code manifest}, shard by shard, whose line passes {@code test}. */
  private static Optional<DocumentStamp> firstStamp(ManifestCheck.Trusted manifest,
      Predicate<String> test) {
    for (String shard : manifest.shardPaths()) {
      Optional<String> line = ManifestFiles.firstGzipLine(shard, test);
      if (line.isPresent()) {
        return line.map(ManifestFiles::stamp);
      }
    }
    return Optional.empty();
  }

  /** The directory of {@code job}'s manifest from this run. */
  public String manifestDirectory(String job) {
    return ManifestFiles.join(stateLocation, "manifests", job, runId);
  }

  /** Where {@code job}'s manifest header from this run goes. */
  public String manifestHeader(String job) {
    return ManifestFiles.join(manifestDirectory(job), ManifestHeader.FILE_NAME);
  }

  /** The marks of this run as the last writer of each of its jobs, for the store. */
  public List<LastWriter> lastWriters(Instant startedAt) {
    return previous.keySet().stream()
        .map(job -> new LastWriter(job, runId, canonical(stateLocation), startedAt)).toList();
  }

  /**
   * A local state location as an absolute path, so that one directory named two ways (relative
   * from two working directories, or with and without {@code ./}) is one writer's; a URI one
   * without a trailing slash, for the same reason (gs://b/state/ and gs://b/state name the same
   * files: a run of one spelling took the other's mark for another writer's, and read the store).
   */
  private static String canonical(String location) {
    return location.contains("://") ? location.replaceAll("/+$", "")
        : java.nio.file.Path.of(location).toAbsolutePath().normalize().toString();
  }

  /** The records of this run's start, one per job. */
  public List<ManifestRecord> started(Instant asOf, Instant startedAt) {
    return previous.keySet().stream().map(job -> new ManifestRecord(runId, job, store, asOf,
        startedAt, ManifestRecord.Status.STARTED, manifestHeader(job), null)).toList();
  }
}
