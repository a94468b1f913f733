package com.avalo.precompute.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.counts.CountsJob;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.common.base.Throwables;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A run over a Firestore source that holds no users, as a mistyped project is, stops before it is
 * built instead of deleting every document its jobs wrote before. Skipped when
 * {@code FIRESTORE_EMULATOR_HOST} is unset ({@code scripts/test.sh} sets it).
 */
public class FirestoreSourceCheckIT {
  private static final Path SMALL_WORLD = Paths.get("src/test/resources/fixtures/small");
  private static final List<PrecomputeJob> COUNTS = List.of(new CountsJob());

  @Rule public TemporaryFolder temp = new TemporaryFolder();
  @Rule public EmulatorFirestore emulator = new EmulatorFirestore("source-check");

  @Test
  public void aProjectWithoutUsersIsRefusedAndTheStoreKeepsItsDocuments() throws Exception {
    emulator.load(SMALL_WORLD);
    Path db = temp.getRoot().toPath().resolve("cache.db");
    RunSummary first = PrecomputeRunner.run(COUNTS, options(emulator.projectId(), db, "first"));
    assertTrue("the counts of the small world", first.documentsWritten() > 0);

    String typo = emulator.projectId() + "x";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PrecomputeRunner.run(COUNTS, options(typo, db, "typo")));
    assertThat(e.getMessage(), containsString("the source firestore:" + typo + " (emulator "
        + emulator.host() + ") has no users: check --firestore-project"));

    RunSummary rerun = PrecomputeRunner.run(COUNTS, options(emulator.projectId(), db, "rerun"));
    assertEquals("nothing was deleted", 0, rerun.documentsDeleted());
    assertEquals("the rerun finds every document as the first run left it",
        first.documentsWritten(), rerun.documentsUnchanged());
  }

  /**
   * The app changed a field's type (birthDate stored as a Timestamp): every user is a dead letter,
   * which the check before the run cannot see. The run fails before its first write, naming a
   * refused user, instead of deleting every document as no longer produced.
   */
  @Test
  public void aSourceWhoseUsersAllFailToParseFailsTheRunAndTheStoreKeepsItsDocuments()
      throws Exception {
    emulator.load(SMALL_WORLD);
    Path db = temp.getRoot().toPath().resolve("cache.db");
    RunSummary first = PrecomputeRunner.run(COUNTS, options(emulator.projectId(), db, "first"));
    assertTrue("the counts of the small world", first.documentsWritten() > 0);

    Map<String, Object> birthDates = new HashMap<>();
    for (QueryDocumentSnapshot user : emulator.client().collection("users").get().get()) {
      birthDates.put(user.getId(), user.get("birthDate"));
      user.getReference().update("birthDate", Timestamp.parseTimestamp("1995-05-05T00:00:00Z"))
          .get();
    }
    Exception e = assertThrows(Exception.class,
        () -> PrecomputeRunner.run(COUNTS, options(emulator.projectId(), db, "retyped")));
    assertThat(Throwables.getStackTraceAsString(e),
        containsString("none of the source's users parsed"));
    assertThat(Throwables.getStackTraceAsString(e),
        containsString("so the run would delete every document its jobs wrote before (one refused:"
            + " firestore:users/"));

    for (Map.Entry<String, Object> user : birthDates.entrySet()) {
      emulator.client().collection("users").document(user.getKey())
          .update("birthDate", user.getValue()).get();
    }
    RunSummary rerun = PrecomputeRunner.run(COUNTS, options(emulator.projectId(), db, "rerun"));
    assertEquals("nothing was deleted", 0, rerun.documentsDeleted());
    assertEquals("the rerun finds every document as the first run left it",
        first.documentsWritten(), rerun.documentsUnchanged());
  }

  private PrecomputeOptions options(String project, Path db, String runId) throws Exception {
    return PrecomputeRunner.parseOptions(COUNTS, new String[] {"--source=firestore",
        "--firestoreProject=" + project, "--emulatorHost=" + emulator.host(),
        "--store=sqlite:" + db, "--asOf=2026-11-20T00:00:00Z", "--runId=" + runId,
        "--deadLetterDir=" + temp.getRoot().toPath().resolve("letters-" + runId),
        "--enforceImmutability=false", "--enforceEncodability=false"});
  }
}
