package com.avalo.precompute.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/**
 * The settings of Flink run inside this JVM ({@code --flinkMaster=[local]}, or {@code [auto]}, the
 * FlinkRunner's default, outside a cluster), the CLI's default engine. Each is applied only when
 * the user did not give it; a run on a cluster ({@code --flinkMaster=HOST:PORT}) gets none.
 */
final class EmbeddedFlink {
  private static final String CONFIG = "flink-embedded/flink-conf.yaml";
  private static Path directory;

  private EmbeddedFlink() {}

  /** Sets what {@code args} (Beam-style {@code --name=value}) leave unset. */
  static void configure(FlinkPipelineOptions flink, List<String> args) {
    String master = flink.getFlinkMaster();
    if (!"[local]".equals(master) && !"[auto]".equals(master)) {
      return;
    }
    // Without these, Flink copies every element between chained steps through its coder (a full
    // encode and decode), and hands each step a fresh object. Beam's model already forbids a
    // DoFn to change its input, and TestPipeline's DirectRunner checks that in every test.
    // Measured on feeds at 10,000 users: CPU 80.5 s, 69.7 s with fasterCopy, 64.6 s with both.
    if (!given(args, "fasterCopy")) {
      flink.setFasterCopy(true);
    }
    if (!given(args, "objectReuse")) {
      flink.setObjectReuse(true);
    }
    // Beam translates a batch pipeline onto Flink's DataSet API unless told otherwise; there, each
    // output of a multi-output ParDo (every parse and reference check, for its dead letters) is a
    // separate operator fed through a serializing exchange, and every Combine sorts its inputs
    // serialized. On the DataStream API in batch mode, the same run at 100,000 users took 247 s
    // and 462 CPU-s instead of 343 s and 650 CPU-s, with identical documents (bench/scale).
    if (!given(args, "useDataStreamForBatch")) {
      flink.setUseDataStreamForBatch(true);
    }
    // Flink in this JVM otherwise runs every step with parallelism 1 (its configuration's
    // default): a feeds run at 100,000 users kept one of two cores busy (JFR: every task 1/1).
    if (!given(args, "parallelism")) {
      flink.setParallelism(Runtime.getRuntime().availableProcessors());
    }
    if (!given(args, "flinkConfDir") && System.getenv("FLINK_CONF_DIR") == null) {
      flink.setFlinkConfDir(configDirectory().toString());
    }
  }

  private static boolean given(List<String> args, String name) {
    return args.stream()
        .anyMatch(arg -> arg.equals("--" + name) || arg.startsWith("--" + name + "="));
  }

  /**
   * A directory holding the bundled {@code flink-conf.yaml}, made once per JVM, with Flink's
   * temporary files pointed into it so that they go when the JVM does ({@link FlinkWorkDirectory}).
   */
  private static synchronized Path configDirectory() {
    if (directory == null) {
      try (InputStream config = EmbeddedFlink.class.getClassLoader().getResourceAsStream(CONFIG)) {
        if (config == null) {
          throw new IllegalStateException(CONFIG + " is missing from the classpath");
        }
        FlinkWorkDirectory work =
            FlinkWorkDirectory.create(Path.of(System.getProperty("java.io.tmpdir")));
        Path temporary = work.temporaryFiles();
        String bundled = new String(config.readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(work.path().resolve("flink-conf.yaml"), bundled
            + "\n# Added for this JVM: Flink's temporary files (spilled sorts, its RPC jar, blobs),\n"
            + "# deleted with this directory when the JVM ends.\n"
            + "io.tmp.dirs: " + temporary + "\n"
            + "web.tmpdir: " + temporary + "\n", StandardCharsets.UTF_8);
        directory = work.path();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
      }
    }
    return directory;
  }
}
