package com.avalo.precompute.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a pipeline reads, where it writes and what runs it: shared by 'run' and 'backfill'. */
final class PipelineTarget {
  @Option(names = "--source", defaultValue = "files",
      description = "files (an NDJSON export, --input) or firestore. Default: ${DEFAULT-VALUE}")
  String source;

  @Option(names = "--input", defaultValue = "out/seed",
      description = "Directory of the NDJSON export. Default: ${DEFAULT-VALUE}")
  String input;

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--runner", defaultValue = "DirectRunner",
      description = "DirectRunner, FlinkRunner (local embedded unless --flinkMaster) or DataflowRunner."
          + " Default: ${DEFAULT-VALUE}")
  String runner;
}
