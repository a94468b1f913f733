package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceLines;
import com.avalo.precompute.source.SourceRecords.User;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/** A line is one record: anything after its JSON value is a dead letter, never dropped unseen. */
public class ParseRecordsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String USER = SourceLines.USER;
  private static final String OTHER_USER = USER.replace("\"id\":\"u1\"", "\"id\":\"u2\"");

  @Test
  public void aLineWithMoreThanOneValueIsADeadLetterNotItsFirstRecord() {
    ParseRecords<User> parse = new ParseRecords<>(SourceCollection.USERS, "profiles");
    PCollectionTuple parsed = pipeline
        .apply(Create.of(
            // Two files concatenated, the first without a final newline.
            new SourceLine("users.ndjson:1", USER + OTHER_USER),
            // A file whose lines end with \r alone is one line.
            new SourceLine("users.ndjson:2", USER + "\r" + OTHER_USER + "\r"),
            new SourceLine("users.ndjson:3", USER + " trailing"),
            new SourceLine("users.ndjson:4", USER + ","),
            // Whitespace after the value is no second value.
            new SourceLine("users.ndjson:5", " " + OTHER_USER + " \t")))
        .apply(parse);
    PAssert.that(parsed.get(parse.recordsTag())
            .apply("Ids", MapElements.into(TypeDescriptors.strings()).via(User::id)))
        .containsInAnyOrder("u2");
    PAssert.that(parsed.get(ParseRecords.DEAD_LETTERS)).satisfies(letters -> {
      List<String> origins = new ArrayList<>();
      for (DeadLetter letter : letters) {
        origins.add(letter.origin());
        assertTrue(letter.reason(), letter.reason().startsWith("malformed JSON: "));
        if (letter.origin().equals("users.ndjson:1") || letter.origin().equals("users.ndjson:2")) {
          int second = USER.length() + (letter.origin().endsWith(":2") ? 2 : 1);
          assertEquals("malformed JSON: more than one JSON value on the line (the second starts"
              + " at character " + second + ")", letter.reason());
        }
      }
      origins.sort(null);
      assertEquals(List.of("users.ndjson:1", "users.ndjson:2", "users.ndjson:3",
          "users.ndjson:4"), origins);
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aFieldGivenTwiceIsADeadLetterNotItsLastValue() {
    ParseRecords<User> parse = new ParseRecords<>(SourceCollection.USERS, "profiles");
    String twice = USER.replace("\"id\":\"u1\"", "\"id\":\"u1\",\"id\":\"u9\"");
    String nestedTwice = OTHER_USER.replaceFirst("\\{", "{\"nested\":{\"a\":1,\"a\":2},");
    PCollectionTuple parsed = pipeline
        .apply(Create.of(new SourceLine("users.ndjson:1", twice),
            new SourceLine("users.ndjson:2", nestedTwice)))
        .apply(parse);
    PAssert.that(parsed.get(parse.recordsTag())).empty();
    PAssert.that(parsed.get(ParseRecords.DEAD_LETTERS)
            .apply("Reasons", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " " + letter.reason())))
        .containsInAnyOrder("users.ndjson:1 malformed JSON: the field 'id' is given more than once",
            "users.ndjson:2 malformed JSON: the field 'a' is given more than once");
    pipeline.run().waitUntilFinish();
  }
}
