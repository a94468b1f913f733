package com.avalo.precompute.io;

import com.avalo.precompute.source.SourceCollection;
import com.google.firestore.v1.PartitionQueryRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredQuery;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreIO;
import org.apache.beam.sdk.io.gcp.firestore.RpcQosOptions;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the raw records of one collection, each with where it came from: the lines of its NDJSON
 * file ({@code users.ndjson:17}), or its Firestore documents turned into the same JSON
 * ({@code firestore:users/abc}).
 */
public final class ReadSourceLines extends PTransform<PBegin, PCollection<SourceLine>> {
  /** Firestore's name for a project's default database. */
  static final String DEFAULT_DATABASE = "(default)";

  /** About the size of one read task's share of a file: small enough for 2 cores to balance. */
  static final long SPLIT_BYTES = 32L << 20;

  private final SourceCollection<?> collection;
  private final PrecomputeOptions options;
  private final long splitBytes;

  private ReadSourceLines(SourceCollection<?> collection, PrecomputeOptions options,
      long splitBytes) {
    this.collection = collection;
    this.options = options;
    this.splitBytes = splitBytes;
  }

  public static ReadSourceLines of(SourceCollection<?> collection, PrecomputeOptions options) {
    return new ReadSourceLines(collection, options, SPLIT_BYTES);
  }

  /** The same read with files cut into splits of about {@code bytes}: tests make many. */
  ReadSourceLines withSplitBytes(long bytes) {
    return new ReadSourceLines(collection, options, bytes);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    return switch (options.getSource()) {
      case "files" -> readFile(input);
      case "firestore" -> readFirestore(input);
      default -> throw unknownSource(options.getSource());
    };
  }

  /** Checks {@code --source} where options are parsed, before anything starts. */
  public static void checkSource(String source) {
    if (!"files".equals(source) && !"firestore".equals(source)) {
      throw unknownSource(source);
    }
  }

  private static IllegalArgumentException unknownSource(String source) {
    return new IllegalArgumentException("unknown --source '" + source
        + "': use 'files' (with --input=DIR) or 'firestore'");
  }

  private PCollection<SourceLine> readFile(PBegin input) {
    // One worker reading a whole file held every later step of that collection on one core (at
    // 1M users, the 5.6 GB of events and their checks: ~10 minutes of one task); splits of whole
    // lines let every core read it.
    return input
        .apply("Match", FileIO.match().filepattern(filePattern(options.getInput(), collection.fileName()))
            .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("PlanSplits", ParDo.of(new PlanSplitsFn(splitBytes)))
        .setCoder(SerializableCoder.of(LineSplits.Split.class))
        .apply("SpreadSplits", Reshuffle.viaRandomKey())
        .apply("ReadNumberedLines", ParDo.of(new ReadSplitFn()));
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

  /** The project of a Firestore source. */
  static String firestoreProject(PrecomputeOptions options) {
    String project = options.getFirestoreProject();
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException(
          "--source=firestore needs --firestore-project=ID (or FIRESTORE_PROJECT)");
    }
    return project;
  }

  /** The database of a Firestore source. */
  static String firestoreDatabase(PrecomputeOptions options) {
    return options.getFirestoreDb() == null ? DEFAULT_DATABASE : options.getFirestoreDb();
  }

  private PCollection<SourceLine> readFirestore(PBegin input) {
    String root = "projects/" + firestoreProject(options) + "/databases/"
        + firestoreDatabase(options) + "/documents";
    boolean partitioned = options.getFirestoreReadPartitions() > 0;
    StructuredQuery query = query(collection, partitioned);
    RpcQosOptions qos = FirestoreQos.of(options);
    PCollection<RunQueryRequest> requests;
    if (partitioned) {
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
        .apply("ToExportJson", ParDo.of(new DocumentToLineFn(collection)));
  }

  /**
   * The query that reads {@code collection}: messages, which live under chats/{chatId}/messages,
   * as a collection group; the others as the top-level collection, except when {@code
   * partitioned}: Firestore partitions only a query over all descendants, so the collection group
   * is read and {@link DocumentToLineFn} keeps its top-level documents.
   */
  static StructuredQuery query(SourceCollection<?> collection, boolean partitioned) {
    return StructuredQuery.newBuilder()
        .addFrom(StructuredQuery.CollectionSelector.newBuilder()
            .setCollectionId(collection.name())
            .setAllDescendants(partitioned || isCollectionGroup(collection)))
        .addOrderBy(StructuredQuery.Order.newBuilder()
            .setField(StructuredQuery.FieldReference.newBuilder().setFieldPath("__name__"))
            .setDirection(StructuredQuery.Direction.ASCENDING))
        .build();
  }

  private static boolean isCollectionGroup(SourceCollection<?> collection) {
    return collection.name().equals("messages");
  }

  /** Cuts each matched file into {@link LineSplits.Split}s of about {@code splitBytes}. */
  static final class PlanSplitsFn extends DoFn<MatchResult.Metadata, LineSplits.Split> {
    private final long splitBytes;

    PlanSplitsFn(long splitBytes) {
      this.splitBytes = splitBytes;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, OutputReceiver<LineSplits.Split> out)
        throws IOException {
      String resource = file.resourceId().toString();
      if (!file.isReadSeekEfficient()) {
        // A split could only start by reading up to it: read such a file whole, by one worker.
        out.output(new LineSplits.Split(resource, 0, file.sizeBytes(), 1));
        return;
      }
      try (ReadableByteChannel channel = FileSystems.open(file.resourceId())) {
        LineSplits.plan(resource, channel, splitBytes).forEach(out::output);
      }
    }
  }

  /** Emits each non-blank line of a split as {@code file:lineNumber}, numbered as in the file. */
  static final class ReadSplitFn extends DoFn<LineSplits.Split, SourceLine> {
    @ProcessElement
    public void process(@Element LineSplits.Split split, OutputReceiver<SourceLine> out)
        throws IOException {
      ResourceId resource = FileSystems.matchNewResource(split.resource(), false);
      String name = resource.getFilename();
      try (ReadableByteChannel channel = FileSystems.open(resource)) {
        if (split.start() > 0) {
          ((SeekableByteChannel) channel).position(split.start());
        }
        LineSplits.read(split, channel,
            (lineNumber, line, notUtf8) ->
                out.output(new SourceLine(name + ":" + lineNumber, line, notUtf8)));
      }
    }
  }

  /** Whether a document's path is a chat's message: {@code chats/C/messages/M} or {@code messages/M}. */
  static boolean isChatMessage(String path) {
    String[] parts = path.split("/");
    return parts.length == 2 || (parts.length == 4 && parts[0].equals("chats"));
  }

  /**
   * A document as the line a file export would hold. Of a top-level collection read as a
   * collection group (partitioned), the documents of same-named collections nested under other
   * documents ({@code groups/g1/users/u1} when reading {@code users}) are not the collection's:
   * they are left out, as the unpartitioned query leaves them, and counted. Messages are read as
   * the collection group of every {@code messages} collection: only those under a chat
   * ({@code chats/{chatId}/messages/{id}}, or a top-level {@code messages} collection) are chat
   * messages. An app's other {@code messages} ({@code users/u1/messages} as an inbox,
   * {@code supportTickets/t1/messages}) were read as chat messages: a dead letter each on every
   * run, or, with a {@code chatId} field, counted in a chat's unread messages and previews.
   */
  static final class DocumentToLineFn extends DoFn<RunQueryResponse, SourceLine> {
    private final boolean topLevelOnly;
    private final Counter nestedLeftOut;

    DocumentToLineFn(SourceCollection<?> collection) {
      this.topLevelOnly = !isCollectionGroup(collection);
      this.nestedLeftOut = Metrics.counter("source",
          "firestore_nested_" + collection.name() + "_left_out");
    }

    @ProcessElement
    public void process(@Element RunQueryResponse response, OutputReceiver<SourceLine> out) {
      if (response.hasDocument()) {
        String path = FirestoreDocuments.relativePath(response.getDocument());
        if (topLevelOnly ? path.indexOf('/') != path.lastIndexOf('/') : !isChatMessage(path)) {
          nestedLeftOut.inc();
          return;
        }
        out.output(new SourceLine("firestore:" + path,
            FirestoreDocuments.toExportJson(response.getDocument()).toString()));
      }
    }
  }
}
