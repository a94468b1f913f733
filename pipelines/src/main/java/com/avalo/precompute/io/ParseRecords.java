package com.avalo.precompute.io;

import com.avalo.precompute.source.BadRecordException;
import com.avalo.precompute.source.ReasonText;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Parses raw lines into records of one collection; a malformed line, a wrong type, a missing
 * field or an unknown enum value goes to {@link #DEAD_LETTERS} with the reason and origin. A
 * field the parser does not read keeps its record, and is counted under {@link #FIELDS_NOT_READ}
 * ({@code collection.field}), so the run's summary names it: the app adds fields before the jobs
 * learn of them, and a misspelt optional field would otherwise pass unseen.
 */
public final class ParseRecords<T extends SourceRecord>
    extends PTransform<PCollection<SourceLine>, PCollectionTuple> {
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>();
  /** The metrics namespace of the counts of fields no parser reads. */
  public static final String FIELDS_NOT_READ = "fields_not_read";
  /**
   * How many distinct unread field names one worker counts by name; the rest are counted together,
   * so an export with a field name per record cannot flood the metrics.
   */
  static final int MAX_NAMED_FIELDS = 20;
  static final String OTHER_FIELDS = "(other fields)";

  private final SourceCollection<T> collection;
  private final String job;
  private final TupleTag<T> recordsTag = new TupleTag<>();

  public ParseRecords(SourceCollection<T> collection, String job) {
    this.collection = collection;
    this.job = job;
  }

  public TupleTag<T> recordsTag() {
    return recordsTag;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceLine> lines) {
    PCollectionTuple parsed = lines.apply("Parse", ParDo.of(new ParseFn<>(collection, job))
        .withOutputTags(recordsTag, TupleTagList.of(DEAD_LETTERS)));
    parsed.get(recordsTag).setCoder(RecordCoder.ofRecordClass(collection.recordClass()));
    parsed.get(DEAD_LETTERS).setCoder(RecordCoder.of(DeadLetter.class));
    return parsed;
  }

  /**
   * Reads a record's tree, refusing a field given twice: Jackson would otherwise keep the last
   * value ({@code "tokens":100,...,"tokens":1000000} counted a million tokens). Checked as the tree
   * is built, which costs nothing for a record without repeats. Immutable, so shared.
   */
  private static final ObjectReader RECORD_READER = new ObjectMapper().reader()
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static final Pattern REPEATED_FIELD = Pattern.compile("^Duplicate field '(.*)' for");

  /**
   * The line's one JSON value. {@code readTree} alone stops after the first, so the records
   * after it on the line (two files concatenated without a final newline, a file with
   * {@code \r} line ends) were dropped without a dead letter.
   */
  static JsonNode readOneValue(String text) throws IOException {
    try (JsonParser parser = RECORD_READER.createParser(text)) {
      JsonNode node = readTree(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more than one JSON value on the line (the second"
            + " starts at character "
            + (parser.currentTokenLocation().getCharOffset() + 1) + ")");
      }
      return node;
    }
  }

  private static JsonNode readTree(JsonParser parser) throws IOException {
    try {
      return RECORD_READER.readTree(parser);
    } catch (MismatchedInputException e) {
      // Jackson's message names the setting; a person fixing the record wants the field.
      Matcher repeated = REPEATED_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
      if (repeated.find()) {
        throw new JsonParseException(parser, "the field '" + repeated.group(1)
            + "' is given more than once");
      }
      throw e;
    }
  }

  private final class ParseFn<R> extends DoFn<SourceLine, T> {
    private final SourceCollection<T> source;
    private final String jobName;
    private final Counter read;
    private final Counter rejected;
    private transient Map<String, Counter> unread;

    ParseFn(SourceCollection<T> source, String jobName) {
      this.source = source;
      this.jobName = jobName;
      this.read = Metrics.counter("records_read", source.name());
      this.rejected = Metrics.counter("dead_lettered", source.name());
    }

    @Setup
    public void setup() {
      unread = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element SourceLine line, MultiOutputReceiver out) {
      read.inc();
      if (line.problem() != null) {
        rejected.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(jobName, source.name(), line.origin(),
            line.problem(), line.text()));
        return;
      }
      try {
        JsonNode node = readOneValue(line.text());
        SourceCollection.Parsed<T> parsed = source.parseNotingUnread(node);
        for (String field : parsed.unreadFields()) {
          unreadCounter(field).inc();
        }
        out.get(recordsTag).output(parsed.record());
      } catch (JsonProcessingException e) {
        rejected.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(jobName, source.name(), line.origin(),
            "malformed JSON: " + ReasonText.quote(e.getOriginalMessage()), line.text()));
      } catch (BadRecordException e) {
        rejected.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(jobName, source.name(), line.origin(),
            e.getMessage(), line.text()));
      } catch (IOException e) {
        // Not thrown reading a String; JsonParser.close declares it.
        throw new UncheckedIOException(e);
      }
    }

    private Counter unreadCounter(String field) {
      String name = unread.containsKey(field) || unread.size() < MAX_NAMED_FIELDS
          ? field : OTHER_FIELDS;
      return unread.computeIfAbsent(name, n ->
          Metrics.counter(FIELDS_NOT_READ, source.name() + "." + ReasonText.quote(n)));
    }
  }
}
