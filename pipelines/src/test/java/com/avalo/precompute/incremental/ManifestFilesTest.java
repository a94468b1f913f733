package com.avalo.precompute.incremental;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.junit.Test;

/** What a file system's answer to a match says of a state file. */
public class ManifestFilesTest {
  private static final String STATE = "gs://b/state/state/chats.json";

  @Test
  public void onlyAFileTheFileSystemSaysIsNotThereIsMissing() {
    assertEquals(Optional.empty(), ManifestFiles.sizeOf(STATE,
        MatchResult.create(MatchResult.Status.NOT_FOUND, new IOException("no such object"))));
  }

  /**
   * A 503 or a 403 from GCS is an ERROR: read as missing, a state file that was there read as
   * empty, the run read the whole store saying "no manifest yet", and the next write of the file
   * kept only its own record.
   */
  @Test
  public void aFileTheFileSystemCannotAnswerForIsAnErrorNotMissing() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ManifestFiles.sizeOf(
        STATE, MatchResult.create(MatchResult.Status.ERROR, new IOException("503 Backend Error"))));
    assertTrue(e.getMessage(), e.getMessage().contains("cannot tell whether " + STATE
        + " exists (ERROR): 503 Backend Error"));
  }
}
