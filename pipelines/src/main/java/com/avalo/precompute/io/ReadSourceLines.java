package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceCollection;
import com.google.firestore.v1.PartitionQueryRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreIO;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the raw records of one collection, each with where it came from: the lines of its NDJSON
 * file ({@code users.ndjson:17}), or its Firestore documents turned into the same JSON
 * ({@code firestore:users/abc}).
 */
public final class ReadSourceLines extends PTransform<PBegin, PCollection<SourceLine>> {
  private final SourceCollection<?> collection;
  private final PrecomputeOptions options;

  private ReadSourceLines(SourceCollection<?> collection, PrecomputeOptions options) {
    this.collection = collection;
    this.options = options;
  }

  public static ReadSourceLines of(SourceCollection<?> collection, PrecomputeOptions options) {
    return new ReadSourceLines(collection, options);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    return switch (options.getSource()) {
      case "files" -> readFile(input);
      case "firestore" -> readFirestore(input);
      default -> throw new IllegalArgumentException("unknown --source '" + options.getSource()
          + "': use 'files' (with --input=DIR) or 'firestore'");
    };
  }

  private PCollection<SourceLine> readFile(PBegin input) {
    return input
        .apply("Match", FileIO.match().filepattern(filePattern(options.getInput(), collection.fileName()))
            .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("Open", FileIO.readMatches())
        .apply("ReadNumberedLines", ParDo.of(new ReadNumberedLinesFn()));
  }

  /**
   * The file of a collection in an export directory. A local directory is made absolute here,
   * where the pipeline is built and {@link SourceReader} checks it: a worker in another process,
   * such as a Flink TaskManager, has a working directory of its own.
   */
  static String filePattern(String inputDirectory, String fileName) {
    String directory = inputDirectory.contains("://") ? inputDirectory
        : Path.of(inputDirectory).toAbsolutePath().toString();
    return directory.replaceAll("/+$", "") + "/" + fileName;
  }

  private PCollection<SourceLine> readFirestore(PBegin input) {
    String project = options.getFirestoreProject();
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("--source=firestore needs --firestoreProject=ID");
    }
    String root = "projects/" + project + "/databases/"
        + (options.getFirestoreDb() == null ? "(default)" : options.getFirestoreDb()) + "/documents";
    // Messages live under chats/{chatId}/messages: read them as a collection group.
    StructuredQuery query = StructuredQuery.newBuilder()
        .addFrom(StructuredQuery.CollectionSelector.newBuilder()
            .setCollectionId(collection.name())
            .setAllDescendants(collection.name().equals("messages")))
        .addOrderBy(StructuredQuery.Order.newBuilder()
            .setField(StructuredQuery.FieldReference.newBuilder().setFieldPath("__name__"))
            .setDirection(StructuredQuery.Direction.ASCENDING))
        .build();
    RpcQosOptions qos = FirestoreQos.of(options);
    PCollection<RunQueryRequest> requests;
    if (options.getFirestoreReadPartitions() > 0) {
      requests = input
          .apply("PartitionRequest", Create.of(PartitionQueryRequest.newBuilder()
              .setParent(root).setStructuredQuery(query)
              .setPartitionCount(options.getFirestoreReadPartitions()).build()))
          .apply("PartitionQuery", FirestoreIO.v1().read().partitionQuery()
              .withRpcQosOptions(qos).build());
    } else {
      requests = input.apply("QueryRequest", Create.of(
          RunQueryRequest.newBuilder().setParent(root).setStructuredQuery(query).build()));
    }
    return requests
        .apply("RunQuery", FirestoreIO.v1().read().runQuery().withRpcQosOptions(qos).build())
        .apply("ToExportJson", ParDo.of(new DocumentToLineFn()));
  }

  /** Emits each line of a file with its 1-based line number; blank lines are not records. */
  static final class ReadNumberedLinesFn extends DoFn<FileIO.ReadableFile, SourceLine> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<SourceLine> out)
        throws IOException {
      String name = file.getMetadata().resourceId().getFilename();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          Channels.newInputStream(file.open()), StandardCharsets.UTF_8), 1 << 16)) {
        long lineNumber = 0;
        String line;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (!line.isBlank()) {
            out.output(new SourceLine(name + ":" + lineNumber, line));
          }
        }
      }
    }
  }

  static final class DocumentToLineFn extends DoFn<RunQueryResponse, SourceLine> {
    @ProcessElement
    public void process(@Element RunQueryResponse response, OutputReceiver<SourceLine> out) {
      if (response.hasDocument()) {
        out.output(new SourceLine(
            "firestore:" + FirestoreDocuments.relativePath(response.getDocument()),
            FirestoreDocuments.toExportJson(response.getDocument()).toString()));
      }
    }
  }
}
