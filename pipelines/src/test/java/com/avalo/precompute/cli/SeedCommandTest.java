package com.avalo.precompute.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedProgress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code precompute seed} into a pipe, as a script or a CI log sees it, and its refusals. */
public class SeedCommandTest {
  @Rule public final TemporaryFolder dir = new TemporaryFolder();

  @Test
  public void progressIntoAPipeIsPlainLinesEndingAtTheWholePhase() {
    // Surefire gives the test JVM a pipe for standard error, so the bars take their plain form.
    Path out = dir.getRoot().toPath().resolve("seed");
    CliRuns.Result result = CliRuns.run("seed", "--users", "300", "--seed", "7", "--out", out.toString());
    assertEquals(result.err(), 0, result.exitCode());
    assertTrue(Files.exists(out.resolve("users.ndjson")));
    assertFalse("no carriage returns repainting one endless line", result.err().contains("\r"));
    assertThat(result.err(), containsString("100%"));
    assertTrue(result.err(), result.err().lines()
        .anyMatch(line -> line.startsWith("users") && line.contains("100%")));
    // A phase is the bar's name, padded to a column: everything before the percentage.
    Map<String, Long> endsByPhase = result.err().lines()
        .filter(line -> line.contains("100%"))
        .collect(Collectors.groupingBy(line -> line.substring(0, line.indexOf("100%")).strip(),
            Collectors.counting()));
    assertFalse(result.err(), endsByPhase.isEmpty());
    endsByPhase.forEach((phase, ends) ->
        assertEquals("each phase says once that it ended: " + result.err(), Long.valueOf(1), ends));
  }

  @Test
  public void anAnchorTakesADateAsRunsAsOfDoes() throws IOException {
    // The README's first steps pair 'seed --anchor' with 'run --as-of': both take either form.
    Path byDate = dir.getRoot().toPath().resolve("by-date");
    Path byInstant = dir.getRoot().toPath().resolve("by-instant");
    CliRuns.Result date = CliRuns.run("seed", "--users", "50", "--anchor", "2026-10-01", "--out",
        byDate.toString());
    assertEquals(date.err(), 0, date.exitCode());
    CliRuns.Result instant = CliRuns.run("seed", "--users", "50", "--anchor",
        "2026-10-01T00:00:00Z", "--out", byInstant.toString());
    assertEquals(instant.err(), 0, instant.exitCode());
    assertEquals(Files.readString(byInstant.resolve("users.ndjson")),
        Files.readString(byDate.resolve("users.ndjson")));

    CliRuns.Result bad = CliRuns.run("seed", "--users", "50", "--anchor", "October", "--out",
        dir.getRoot().toPath().resolve("bad").toString());
    assertEquals(bad.err(), 2, bad.exitCode());
    assertThat(bad.err(), containsString("'October' is neither an RFC 3339 instant"));
  }

  @Test
  public void aLoadFirestoreNeverAnswersFailsWithOneErrorLine() throws IOException {
    // A host that takes connections and never answers: the emulator frozen, or a wrong port
    // that something else holds. Each window must fail after the stall timeout, not wait forever.
    try (SilentHost silent = new SilentHost()) {
      Path out = dir.getRoot().toPath().resolve("seed");
      CliRuns.Result result = CliRuns.run("seed", "--users", "50", "--out", out.toString(),
          "--firestore", "--firestore-project", "silent", "--emulator-host",
          "127.0.0.1:" + silent.port(), "--stall-timeout", "2");
      assertEquals(result.err(), 1, result.exitCode());
      List<String> errors = result.err().lines().filter(line -> line.startsWith("error:")).toList();
      assertEquals(result.err(), 1, errors.size());
      assertThat(errors.get(0), containsString("loading into Firestore failed: writing users.ndjson"
          + " stalled: no answer from Firestore for 2 s"));
      assertFalse("no stack trace: " + result.err(), result.err().contains("\tat "));
      assertTrue("the files were written before the load: " + result.out(),
          Files.exists(out.resolve("users.ndjson")));
      assertTrue("the client did connect", silent.connections() > 0);
    }
  }

  @Test
  public void aLoadWithoutAProjectIsRefusedBeforeAnythingIsGenerated() {
    Path out = dir.getRoot().toPath().resolve("seed");
    CliRuns.Result result = CliRuns.run("seed", "--users", "50", "--out", out.toString(),
        "--firestore", "--firestore-project=", "--emulator-host", "127.0.0.1:1");
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("--firestore needs --firestore-project=ID"));
    assertFalse(Files.exists(out.resolve("users.ndjson")));
  }

  @Test
  public void anExportIsNotOverwrittenAndASeedIs() throws IOException {
    Path export = dir.newFolder("export").toPath();
    java.nio.file.Files.writeString(export.resolve("users.ndjson"), "{\"id\": \"real\"}\n");
    CliRuns.Result refused = CliRuns.run("seed", "--users", "20", "--out", export.toString());
    assertEquals(refused.err(), 2, refused.exitCode());
    assertTrue(refused.err(), refused.err().contains("looks like an export of real data"));
    assertEquals("{\"id\": \"real\"}\n", java.nio.file.Files.readString(export.resolve("users.ndjson")));

    Path seed = dir.getRoot().toPath().resolve("seed");
    assertEquals(0, CliRuns.run("seed", "--users", "20", "--out", seed.toString()).exitCode());
    CliRuns.Result again = CliRuns.run("seed", "--users", "30", "--out", seed.toString());
    assertEquals(again.err(), 0, again.exitCode());
  }

  /** Stops a seed once its users are written, as a kill would, with the other files half made. */
  private static void interruptedSeed(Path out) {
    SeedProgress killedAfterUsers = (phase, done, total) -> {
      if (!phase.equals("users")) {
        throw new IllegalStateException("killed");
      }
    };
    assertThrows(IllegalStateException.class, () -> new SeedGenerator()
        .generate(SeedConfig.defaults().withUsers(50), out, killedAfterUsers));
    assertTrue(Files.exists(out.resolve("users.ndjson")));
  }

  @Test
  public void anInterruptedSeedIsNotCompleteAndTheSameCommandFinishesIt() throws IOException {
    Path out = dir.getRoot().toPath().resolve("seed");
    interruptedSeed(out);
    assertFalse("no manifest: nothing may take it for a whole seed",
        Files.exists(out.resolve("manifest.json")));

    CliRuns.Result retry = CliRuns.run("seed", "--users", "50", "--out", out.toString());

    assertEquals(retry.err(), 0, retry.exitCode());
    assertTrue(Files.exists(out.resolve("manifest.json")));
  }

  @Test
  public void anInterruptedReseedLeavesNoManifestOfTheSeedBefore() throws IOException {
    Path out = dir.getRoot().toPath().resolve("seed");
    assertEquals(0, CliRuns.run("seed", "--users", "50", "--out", out.toString()).exitCode());
    interruptedSeed(out);
    assertFalse(Files.exists(out.resolve("manifest.json")));
    assertEquals(0, CliRuns.run("seed", "--users", "50", "--out", out.toString()).exitCode());
  }

  @Test
  public void anOutDirectoryThatCannotBeMadeIsOneErrorLine() throws IOException {
    Path file = dir.newFile("a-file").toPath();
    CliRuns.Result result = CliRuns.run("seed", "--users", "50", "--out", file.resolve("seed").toString());
    assertEquals(result.err(), 2, result.exitCode());
    assertEquals(List.of("error: " + file.resolve("seed") + ": Not a directory"), result.err().lines()
        .filter(line -> line.startsWith("error") || line.startsWith("\tat ")).toList());
  }

  /** The command's check is the world's own minimum: "must be positive" let 1 through to fail later. */
  @Test
  public void fewerThanTwoUsersAreRefusedWithTheMinimum() {
    Path out = dir.getRoot().toPath().resolve("seed");
    for (String users : List.of("1", "0", "-3")) {
      CliRuns.Result result = CliRuns.run("seed", "--users", users, "--out", out.toString());
      assertEquals(result.err(), 2, result.exitCode());
      assertEquals(List.of("error: --users must be at least 2 (a world needs two users to match),"
          + " not " + users), result.err().lines().toList());
      assertFalse(Files.exists(out));
    }
  }

  @Test
  public void aStallTimeoutWithoutALoadIsRefused() {
    Path out = dir.getRoot().toPath().resolve("seed");
    CliRuns.Result result = CliRuns.run("seed", "--users", "50", "--out", out.toString(),
        "--stall-timeout", "30");
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("--stall-timeout applies only to a load, with --firestore"));

    result = CliRuns.run("seed", "--users", "50", "--out", out.toString(), "--firestore",
        "--firestore-project", "p", "--emulator-host", "127.0.0.1:1", "--stall-timeout", "0");
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("--stall-timeout must be a positive number of seconds"));
    assertFalse(Files.exists(out.resolve("users.ndjson")));
  }

  /** --mutate copies a world: its users and anchor are the world's, so asking for others is refused. */
  @Test
  public void aMutationRefusesTheFlagsItCannotHonour() throws IOException {
    Path world = dir.getRoot().toPath().resolve("world");
    assertEquals(0, CliRuns.run("seed", "--users", "50", "--out", world.toString()).exitCode());
    Path copy = dir.getRoot().toPath().resolve("copy");
    for (List<String> flag : List.of(List.of("--users", "100"), List.of("--anchor", "2026-10-01"))) {
      List<String> args = new java.util.ArrayList<>(List.of("seed", "--mutate", "5", "--from",
          world.toString(), "--out", copy.toString()));
      args.addAll(flag);
      CliRuns.Result result = CliRuns.run(args.toArray(String[]::new));
      assertEquals(result.err(), 2, result.exitCode());
      assertEquals(List.of("error: --mutate copies the world in --from, which has its own users and"
          + " anchor: it cannot honour " + flag.get(0) + "; leave it out"), result.err().lines().toList());
      assertFalse(Files.exists(copy));
    }
  }

  /** The copy's manifest counts its own files, not the world's it was copied from. */
  @Test
  public void aMutatedCopysManifestCountsItsFiles() throws IOException {
    Path world = dir.getRoot().toPath().resolve("world");
    assertEquals(0, CliRuns.run("seed", "--users", "200", "--out", world.toString()).exitCode());
    Path copy = dir.getRoot().toPath().resolve("copy");
    CliRuns.Result result = CliRuns.run("seed", "--mutate", "20", "--from", world.toString(),
        "--out", copy.toString());
    assertEquals(result.err(), 0, result.exitCode());

    com.fasterxml.jackson.databind.JsonNode counts =
        com.avalo.precompute.schemas.Json.read(Files.readString(copy.resolve("manifest.json")))
            .get("counts");
    List<String> collections = new java.util.ArrayList<>();
    counts.fieldNames().forEachRemaining(collections::add);
    for (String collection : collections) {
      long lines;
      try (var file = Files.lines(copy.resolve(collection + ".ndjson"))) {
        lines = file.filter(line -> !line.isBlank()).count();
      }
      assertEquals(collection, lines, counts.get(collection).asLong());
    }
    assertTrue(collections.contains("likes"));
  }

  /** A world whose writing was cut short is refused: its copy would have come out as whole. */
  @Test
  public void anUnfinishedWorldIsNotMutated() throws IOException {
    Path world = dir.getRoot().toPath().resolve("world");
    assertEquals(0, CliRuns.run("seed", "--users", "50", "--out", world.toString()).exitCode());
    Files.delete(world.resolve("manifest.json"));
    Path copy = dir.getRoot().toPath().resolve("copy");
    CliRuns.Result result = CliRuns.run("seed", "--mutate", "5", "--from", world.toString(),
        "--out", copy.toString());
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("is not a finished seed (it has no manifest.json)"));
  }

  @Test
  public void aMutatedCopyIsNotLoaded() {
    Path world = dir.getRoot().toPath().resolve("world");
    assertEquals(0, CliRuns.run("seed", "--users", "50", "--out", world.toString()).exitCode());
    Path copy = dir.getRoot().toPath().resolve("copy");
    CliRuns.Result result = CliRuns.run("seed", "--mutate", "5", "--from", world.toString(),
        "--out", copy.toString(), "--firestore", "--firestore-project", "p",
        "--emulator-host", "127.0.0.1:1");
    assertEquals(result.err(), 2, result.exitCode());
    assertThat(result.err(), containsString("a load cannot delete the users the mutation removed"));
    assertFalse(Files.exists(copy));
  }

  /** Accepts connections on a loopback port and holds them open without a byte in reply. */
  private static final class SilentHost implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentHost() throws IOException {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            held.add(server.accept());
          } catch (IOException closed) {
            return;
          }
        }
      }, "silent-host");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return held.size();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
