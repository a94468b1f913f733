package com.avalo.precompute.cli;

import com.avalo.precompute.io.Terminals;
import com.avalo.precompute.seed.FirestoreSeedLoader;
import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedDirectory;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedMutator;
import com.avalo.precompute.seed.SeedProgress;
import com.avalo.precompute.seed.SeedSummary;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code precompute seed}: writes a deterministic synthetic data set as an NDJSON export. */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = {"Generates a synthetic Avalo world, one NDJSON file per collection.",
        "Users around real cities, Zipf-skewed likes, matches from mutual likes, chats and",
        "messages, posts, purchases, refunds and spends, session and API events, plus manifest.json.",
        "The same --seed, --users and --anchor always give the same files."})
final class SeedCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "10000", description = "Users to generate. Default: ${DEFAULT-VALUE}")
  int users;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--out", defaultValue = "out/seed", description = "Output directory. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--anchor", converter = RunCommand.AsOf.class, description = "The generated"
      + " world's 'now' (RFC 3339, or YYYY-MM-DD for that day's 00:00 UTC, as run's --as-of);"
      + " all records are before it. Default: " + "2026-11-23T00:00:00Z")
  Instant anchor;

  @Option(names = "--firestore", description = "Also load the generated files into Firestore"
      + " (the emulator when --emulator-host is set), as the app stores them: one document per"
      + " record, messages under chats/{chatId}/messages. Idempotent: a rerun overwrites.")
  boolean loadIntoFirestore;

  @Mixin FirestoreConnection firestore = new FirestoreConnection();

  @Option(names = "--stall-timeout", paramLabel = "SECONDS", description = "With --firestore: how"
      + " long a window of writes may go without one answer before the load fails (exit 1)."
      + " Default: 60 on the emulator, 300 on Firestore, which may throttle a bulk load")
  Integer stallTimeoutSeconds;

  @Option(names = "--mutate", paramLabel = "PERCENT", description = "Instead of generating, copy the"
      + " world in --from to --out with about PERCENT%% of users changed (new likes, an edited bio,"
      + " a purchase, a block, a deleted account), deterministically per --seed")
  Double mutatePercent;

  @Option(names = "--from", description = "The seeded world --mutate changes")
  Path from;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (stallTimeoutSeconds != null && (stallTimeoutSeconds <= 0 || !loadIntoFirestore)) {
      throw new IllegalArgumentException(loadIntoFirestore
          ? "--stall-timeout must be a positive number of seconds, was " + stallTimeoutSeconds
          : "--stall-timeout applies only to a load, with --firestore");
    }
    if (loadIntoFirestore && !firestore.hasProject()) {
      // Before generating: a large world takes minutes to write, then the load would refuse it.
      throw new IllegalArgumentException(
          "--firestore needs --firestore-project=ID (or FIRESTORE_PROJECT)");
    }
    refuseToOverwriteAnExport(out);
    if (mutatePercent != null || from != null) {
      if (loadIntoFirestore) {
        // A load only sets documents, so the users a mutation deletes would stay in Firestore.
        throw new IllegalArgumentException("--firestore loads a generated world, not a --mutate"
            + " copy: a load cannot delete the users the mutation removed");
      }
      if (mutatePercent == null || from == null) {
        throw new IllegalArgumentException("--mutate PERCENT and --from DIR go together");
      }
      // The copy keeps the world's users and anchor; these flags would be ignored in silence.
      List<String> unhonoured = Stream.of("--users", "--anchor")
          .filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
      if (!unhonoured.isEmpty()) {
        throw new IllegalArgumentException("--mutate copies the world in --from, which has its own"
            + " users and anchor: it cannot honour " + String.join(" and ", unhonoured) + "; leave "
            + (unhonoured.size() == 1 ? "it" : "them") + " out");
      }
      if (from.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("--out must differ from --from: the world is copied");
      }
      System.out.printf(Locale.ROOT, "changed users %s: %s -> %s%n",
          SeedMutator.mutate(from, out, mutatePercent, seed), from, out.toAbsolutePath());
      return 0;
    }
    if (users < SeedConfig.MIN_USERS) {
      throw new IllegalArgumentException("--users must be at least " + SeedConfig.MIN_USERS
          + " (a world needs two users to match), not " + users);
    }
    SeedConfig config = SeedConfig.defaults().withUsers(users).withSeed(seed);
    if (anchor != null) {
      config = config.withAnchor(anchor);
    }
    SeedSummary summary;
    try (PhaseBars bars = new PhaseBars(10)) {
      summary = new SeedGenerator().generate(config, out, bars);
    }
    System.out.printf(Locale.ROOT,
        "wrote %s to %s in %.1f s%n", summary.counts(), out.toAbsolutePath(),
        summary.elapsed().toMillis() / 1000.0);
    if (loadIntoFirestore) {
      try {
        load();
      } catch (IOException e) {
        // Firestore stalled, refused a write or is out of reach: the message says which and how
        // far the load got; its stack trace says nothing more to the person seeding.
        System.err.println("error: loading into Firestore failed: " + e.getMessage());
        return 1;
      }
    }
    return 0;
  }

  /**
   * Refuses an {@code --out} that is a file, or a directory of NDJSON files without a seed's
   * manifest: an export of real data, which a seed would overwrite file by file. A seed directory,
   * whole or left incomplete by a seed that was stopped, is rewritten as before, so reseeding and
   * retrying stay one command.
   */
  static void refuseToOverwriteAnExport(Path out) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out=" + out + " is a file, not a directory");
    }
    if (SeedDirectory.holdsASeed(out)) {
      return;
    }
    try (var files = Files.list(out)) {
      Optional<Path> ndjson = files.filter(file -> file.getFileName().toString().endsWith(".ndjson"))
          .findFirst();
      if (ndjson.isPresent()) {
        throw new IllegalArgumentException("--out=" + out + " holds " + ndjson.get().getFileName()
            + " and no seed " + SeedGenerator.MANIFEST + ": it looks like an export of real data,"
            + " which a seed would overwrite; give another --out, or remove its files first");
      }
    }
  }

  private void load() throws Exception {
    boolean emulator = firestore.usesEmulator();
    SeedSummary loaded;
    try (PhaseBars bars = new PhaseBars(14); Firestore client = emulator
        ? FirestoreSeedLoader.emulatorClient(firestore.project, firestore.emulatorHost)
        : FirestoreOptions.newBuilder().setProjectId(firestore.project).build().getService()) {
      // The emulator has no ramp-up to respect; production Firestore gets BulkWriter's 500/50/5.
      FirestoreSeedLoader loader = emulator
          ? FirestoreSeedLoader.forEmulator(client)
          : new FirestoreSeedLoader(client);
      if (stallTimeoutSeconds != null) {
        loader = loader.withStallTimeout(Duration.ofSeconds(stallTimeoutSeconds));
      }
      try {
        loaded = loader.load(out, bars);
      } catch (Exception e) {
        // close() waits for the channel's calls to end, which a stalled load has left hanging
        // (about a minute, measured, against a silent host); the load failed either way.
        client.shutdownNow();
        throw e;
      }
    }
    System.out.printf(Locale.ROOT, "loaded %s into Firestore %s%s in %.1f s%n", loaded.counts(),
        firestore.project, emulator ? " (emulator " + firestore.emulatorHost + ")" : "",
        loaded.elapsed().toMillis() / 1000.0);
  }

  /**
   * One progress bar per phase on stderr, named and padded to a column, closed together. On a
   * terminal each bar repaints in place; into a pipe or a log file each prints a plain line every
   * {@link #PLAIN_INTERVAL_MILLIS}, since repainting there writes carriage returns into one
   * endless line.
   */
  private static final class PhaseBars implements SeedProgress, AutoCloseable {
    static final int PLAIN_INTERVAL_MILLIS = 10_000;
    private final Map<String, ProgressBar> bars = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final int nameWidth;
    private final boolean terminal = Terminals.standardError().isTerminal();

    PhaseBars(int nameWidth) {
      this.nameWidth = nameWidth;
    }

    @Override
    public void update(String phase, long done, long total) {
      if (finished.contains(phase)) {
        return;
      }
      ProgressBar bar = bars.computeIfAbsent(phase, name -> {
        ProgressBarBuilder builder = new ProgressBarBuilder()
            .setTaskName(String.format(Locale.ROOT,
                "%-" + nameWidth + "s", name)).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII);
        if (terminal) {
          builder.setConsumer(new ConsoleProgressBarConsumer(System.err));
        } else {
          builder.setConsumer(new DelegatingProgressBarConsumer(withoutRepeats(System.err::println)))
              .setUpdateIntervalMillis(PLAIN_INTERVAL_MILLIS);
        }
        return builder.build();
      });
      bar.stepTo(done);
      if (!terminal && done >= total) {
        // Closed now, it prints its end once and at once: left open to the end of the whole
        // seed, its next timed refresh and its close each printed it, with different clocks.
        bar.close();
        bars.remove(phase);
        finished.add(phase);
      }
    }

    @Override
    public void close() {
      bars.values().forEach(ProgressBar::close);
    }

    /**
     * Drops a line equal to the one before it: a bar's last timed refresh and its close each print
     * the finished line, and a log should say a phase ended once.
     */
    private static Consumer<String> withoutRepeats(Consumer<String> print) {
      String[] last = {null};
      return line -> {
        if (!line.equals(last[0])) {
          print.accept(line);
          last[0] = line;
        }
      };
    }
  }
}
