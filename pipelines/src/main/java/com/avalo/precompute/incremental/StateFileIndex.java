package com.avalo.precompute.incremental;

import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ManifestIndex} kept as one JSON file, {@code STATE_LOCATION/state.json}: a list of
 * {@link ManifestRecord}s, rewritten whole (beside itself, then renamed over) on every change.
 * Runs of one store are expected one at a time, as a schedule runs them; two runs of the same
 * store recording at the same instant could lose one's record, which the next run then treats as
 * a missing manifest (a full run), never as one to trust.
 */
public final class StateFileIndex implements ManifestIndex {
  public static final String FILE_NAME = "state.json";
  /** Records kept per (job, store): enough for {@code precompute diff} over recent runs. */
  static final int KEPT_PER_JOB = 50;

  private final String location;

  /** The index in {@code stateLocation} (a directory or {@code gs://} prefix). */
  public StateFileIndex(String stateLocation) {
    this.location = stateLocation;
  }

  /** The file. */
  public String file() {
    return ManifestFiles.join(location, FILE_NAME);
  }

  @Override
  public String describe() {
    return file();
  }

  @Override
  public Optional<ManifestRecord> latest(String job, String store) {
    List<ManifestRecord> all = read();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).job().equals(job) && all.get(i).store().equals(store)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ManifestRecord> ofRun(String runId) {
    return read().stream().filter(record -> record.runId().equals(runId)).toList();
  }

  @Override
  public synchronized void recordStarted(List<ManifestRecord> started) {
    List<ManifestRecord> all = new ArrayList<>(read());
    all.addAll(started);
    write(all);
  }

  @Override
  public synchronized void recordEnded(List<ManifestRecord> ended) {
    List<ManifestRecord> all = new ArrayList<>(read());
    for (ManifestRecord record : ended) {
      boolean replaced = false;
      for (int i = 0; i < all.size(); i++) {
        ManifestRecord old = all.get(i);
        if (old.runId().equals(record.runId()) && old.job().equals(record.job())
            && old.store().equals(record.store())) {
          all.set(i, record);
          replaced = true;
        }
      }
      if (!replaced) {
        all.add(record);
      }
    }
    write(all);
  }

  /**
   * Every record, oldest first.
   *
   * @throws IllegalArgumentException when the file is not a state file, naming it
   */
  List<ManifestRecord> read() {
    Optional<String> text = ManifestFiles.readIfExists(file());
    if (text.isEmpty()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(text.get(), new TypeReference<List<ManifestRecord>>() {});
    } catch (Exception e) {
      throw new IllegalArgumentException(file() + " is not a state file of run manifests ("
          + e.getMessage().lines().findFirst().orElse("") + "); move it aside to start afresh"
          + " (the next run of each job then reads its keys from the store)");
    }
  }

  private void write(List<ManifestRecord> records) {
    List<ManifestRecord> kept = new ArrayList<>();
    // Oldest records of a (job, store) past KEPT_PER_JOB are dropped; their files stay.
    for (int i = records.size() - 1; i >= 0; i--) {
      ManifestRecord record = records.get(i);
      long newer = kept.stream().filter(k -> k.job().equals(record.job())
          && k.store().equals(record.store())).count();
      if (newer < KEPT_PER_JOB) {
        kept.add(record);
      }
    }
    kept.sort(Comparator.comparing(records::indexOf));
    ManifestFiles.writeReplacing(file(), Json.writePretty(kept));
  }
}
