package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.avalo.precompute.incremental.ManifestRecord;
import com.avalo.precompute.incremental.StateFileIndex;
import com.avalo.precompute.schemas.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code precompute diff RUN_A RUN_B}: from two runs' manifests, the keys added, removed and
 * changed, with counts by type, as text or JSON, narrowed by job or key prefix.
 */
public class DiffCommandTest {
  @ClassRule public static final TemporaryFolder TEMP = new TemporaryFolder();
  private static String store;

  /** Run r1 on the small world; r2 after Alice edited her bio and Carol's account went. */
  @BeforeClass
  public static void twoRuns() throws Exception {
    Path small = Path.of("src/test/resources/fixtures/small");
    Path changed = TEMP.newFolder("changed").toPath();
    try (var files = Files.list(small)) {
      for (Path file : files.toList()) {
        Files.copy(file, changed.resolve(file.getFileName()));
      }
    }
    List<String> users = Files.readAllLines(changed.resolve("users.ndjson")).stream()
        .map(line -> line.startsWith("{\"id\":\"alice01\"") ? line.replace("\"bio\":\"Hi\"", "\"bio\":\"Hi!\"")
            : line.startsWith("{\"id\":\"carol03\"") ? line.replace("\"status\":\"active\"", "\"status\":\"deleted\"")
            : line)
        .toList();
    Files.write(changed.resolve("users.ndjson"), users);
    store = "--store=sqlite:" + TEMP.getRoot().toPath().resolve("cache.db");
    for (String[] run : List.of(new String[] {"r1", small.toString()},
        new String[] {"r2", changed.toString()})) {
      CliRuns.Result result = CliRuns.run("run", "profiles", "user-stats", "--input=" + run[1], store,
          "--as-of", "2026-11-20", "--run-id", run[0]);
      assertEquals(result.err(), 0, result.exitCode());
    }
  }

  @Test
  public void textSaysWhatChangedByJobAndType() {
    CliRuns.Result diff = CliRuns.run("diff", "r1", "r2", store);
    assertEquals(diff.err(), 0, diff.exitCode());
    assertThat(diff.out(), startsWith("diff of runs r1 and r2"));
    assertThat(diff.out(), containsString("~ user:alice01\n"));
    assertThat(diff.out(), containsString("- user:carol03\n"));
    assertThat(diff.out(), containsString("user-stats:"));
  }

  @Test
  public void jsonNarrowedToAJobAndPrefixCountsEveryKeyOfIt() {
    CliRuns.Result diff = CliRuns.run("diff", "r1", "r2", store, "--job", "profiles",
        "--prefix", "user:", "--json");
    assertEquals(diff.err(), 0, diff.exitCode());
    JsonNode jobs = Json.read(diff.out()).get("jobs");
    assertEquals(1, jobs.size());
    JsonNode profiles = jobs.get(0);
    assertEquals("profiles", profiles.get("job").asText());
    assertEquals("[\"user:alice01\"]", profiles.get("changed").toString());
    assertEquals("[\"user:carol03\"]", profiles.get("removed").toString());
    assertEquals(1, profiles.get("counts").get("profile").get("changed").asInt());
    assertEquals(profiles.get("keysBefore").asInt() - 1, profiles.get("keysAfter").asInt());
  }

  /** Map.of iterates in an order salted per JVM: the same diff printed its fields differently. */
  @Test
  public void jsonFieldsComeInOneOrder() {
    CliRuns.Result diff = CliRuns.run("diff", "r1", "r2", store, "--json");
    assertEquals(diff.err(), 0, diff.exitCode());
    List<String> fields = new ArrayList<>();
    Json.read(diff.out()).fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("runA", "runB", "jobs"), fields);
  }

  @Test
  public void anUnknownRunIsOneErrorLine() {
    CliRuns.Result diff = CliRuns.run("diff", "r1", "nope", store);
    assertEquals(2, diff.exitCode());
    assertThat(diff.err(), startsWith("error: no run nope in the state files "));
    assertThat(diff.err(), containsString("state/*.json"));
  }

  @Test
  public void aRunThatNeverCommittedIsSaidToBeOne() {
    // As a run stopped with Ctrl-C leaves it: started, never committed.
    StateFileIndex index =
        new StateFileIndex(TEMP.getRoot().toPath().resolve("cache.db.state").toString());
    ManifestRecord r1 = index.ofRun("r1").get(0);
    index.recordStarted(List.of(new ManifestRecord("stopped", r1.job(), r1.store(), r1.asOf(),
        r1.startedAt(), ManifestRecord.Status.STARTED, r1.manifest().replace("r1", "stopped"),
        null)));
    CliRuns.Result diff = CliRuns.run("diff", "r1", "stopped", store, "--job", r1.job());
    assertEquals(diff.err(), 2, diff.exitCode());
    assertThat(diff.err(), containsString("run stopped of " + r1.job() + " never committed its manifest"));
  }
}
