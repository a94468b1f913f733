package com.avalo.precompute.cli;

import com.avalo.precompute.seed.SeedConfig;
import com.avalo.precompute.seed.SeedGenerator;
import com.avalo.precompute.seed.SeedSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code precompute seed}: writes a deterministic synthetic data set as an NDJSON export. */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = {"Generates a synthetic Avalo world (users around real cities, Zipf-skewed likes,",
        "matches from mutual likes, chats and messages, posts, purchases, refunds and spends,",
        "session and API events) as one NDJSON file per collection, plus manifest.json.",
        "The same --seed, --users and --anchor always give the same files."})
final class SeedCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "10000", description = "Users to generate. Default: ${DEFAULT-VALUE}")
  int users;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--out", defaultValue = "out/seed", description = "Output directory. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--anchor", description = "The generated world's 'now' (RFC 3339); all records are"
      + " before it. Default: " + "2026-11-23T00:00:00Z")
  Instant anchor;

  @Override
  public Integer call() throws Exception {
    if (users <= 0) {
      throw new IllegalArgumentException("--users must be positive");
    }
    SeedConfig config = SeedConfig.defaults().withUsers(users).withSeed(seed);
    if (anchor != null) {
      config = config.withAnchor(anchor);
    }
    Map<String, ProgressBar> bars = new HashMap<>();
    SeedSummary summary;
    try {
      summary = new SeedGenerator().generate(config, out, (phase, done, total) -> {
        ProgressBar bar = bars.computeIfAbsent(phase, name -> new ProgressBarBuilder()
            .setTaskName(String.format("%-10s", name)).setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
        bar.stepTo(done);
      });
    } finally {
      bars.values().forEach(ProgressBar::close);
    }
    System.out.printf("wrote %s to %s in %.1f s%n", summary.counts(), out.toAbsolutePath(),
        summary.elapsed().toMillis() / 1000.0);
    return 0;
  }
}
