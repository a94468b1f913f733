package com.avalo.precompute.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How a seed directory says whether it is whole. Its files are rewritten in place, so a seed
 * killed part way left the old manifest beside half-written files (passing as a whole seed), or,
 * in a new directory, NDJSON files without a manifest (refused on retry as an export of real
 * data). So the manifest is removed before any file is touched and put back only once every file
 * is written, and a marker says, meanwhile, that the directory is a seed being written.
 */
public final class SeedDirectory {
  /** Name of the manifest written beside the collections. */
  public static final String MANIFEST = "manifest.json";
  /** Present while a seed writes the directory; left behind when it was stopped. */
  public static final String INCOMPLETE = ".seed-incomplete";

  private SeedDirectory() {}

  /** Marks {@code dir} (created if missing) as a seed being written, and removes its manifest. */
  static void startWriting(Path dir) throws IOException {
    Files.createDirectories(dir);
    // The marker first: stopped in between, the directory still says it is a seed.
    Files.writeString(dir.resolve(INCOMPLETE), "a seed was writing this directory and did not"
        + " finish; run the same 'precompute seed' again\n");
    Files.deleteIfExists(dir.resolve(MANIFEST));
  }

  /** Puts {@code manifest} in place in one rename, then clears the marker: the seed is whole. */
  static void finishWriting(Path dir, byte[] manifest) throws IOException {
    Path written = dir.resolve(MANIFEST + ".tmp");
    Files.write(written, manifest);
    Files.move(written, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(dir.resolve(INCOMPLETE));
  }

  /** Whether {@code dir} holds a seed, whole or left incomplete by a seed that was stopped. */
  public static boolean holdsASeed(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST)) || Files.isRegularFile(dir.resolve(INCOMPLETE));
  }
}
