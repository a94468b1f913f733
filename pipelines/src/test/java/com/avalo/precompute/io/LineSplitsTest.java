package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceLines;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A file read in splits gives exactly the lines, and the line numbers, of reading it whole: the
 * numbers are what a dead letter's origin points a person at.
 */
public class LineSplitsTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void splitsOfAnySizeNumberEveryLineAsTheWholeFileDoes() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      String text = randomNdjson(random, random.nextInt(40));
      Path file = write(text);
      long target = 1 + random.nextInt(120);
      List<String> read = readInSplits(file, target);
      assertEquals("round " + round + ", target " + target, expectedLines(text), read);
    }
  }

  @Test
  public void aLineLongerThanTheReadBufferIsReadWhole() throws IOException {
    String longLine = "{\"bio\":\"" + "é".repeat(1_500_000) + "\"}";  // 3 MB of UTF-8
    String text = "{\"a\":1}\n" + longLine + "\r\n\n{\"b\":2}";
    Path file = write(text);
    assertEquals(List.of("1:{\"a\":1}", "2:" + longLine, "4:{\"b\":2}"), readInSplits(file, 5));
    assertEquals(expectedLines(text), readInSplits(file, 1L << 30));
  }

  @Test
  public void aLineOverTheLimitIsHandedOverAsItsStartWithItsLength() throws IOException {
    // "a" then 17 MiB of two-byte characters: the kept start would end inside one.
    String longLine = "{\"bio\":\"a" + "é".repeat(17 << 19) + "\"}";
    long longBytes = longLine.getBytes(StandardCharsets.UTF_8).length;
    Path file = write("{\"a\":1}\n" + longLine + "\n{\"b\":2}\n");
    List<String> problems = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file)) {
      LineSplits.read(new LineSplits.Split(file.toString(), 0, Files.size(file), 1), channel,
          (n, line, problem) -> {
            lines.add(n + ":" + line);
            problems.add(problem);
          });
    }
    assertEquals(3, lines.size());
    assertEquals("1:{\"a\":1}", lines.get(0));
    assertEquals("3:{\"b\":2}", lines.get(2));
    assertEquals(null, problems.get(0));
    assertTrue(problems.get(1), problems.get(1).startsWith("line is " + longBytes
        + " bytes, over the " + LineSplits.MAX_LINE_BYTES + "-byte limit of one record"));
    String kept = lines.get(1).substring(2);
    assertTrue("its start, cut between characters", longLine.startsWith(kept));
    assertEquals(LineSplits.KEPT_BYTES - 1, kept.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  public void aLineIsWithinTheLimitUpToItsLastByte() throws IOException {
    Path file = write("x".repeat(100) + "\n" + "y".repeat(101) + "\n");
    List<String> problems = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file)) {
      LineSplits.read(new LineSplits.Split(file.toString(), 0, Files.size(file), 1), channel, 100,
          (n, line, problem) -> problems.add(n + ": " + problem));
    }
    assertEquals("1: null", problems.get(0));
    assertTrue(problems.get(1), problems.get(1).startsWith("2: line is 101 bytes, over the 100-byte"));
  }

  @Test
  public void aByteOrderMarkAtTheFileStartIsNotPartOfTheFirstRecord() throws IOException {
    Path file = write("\uFEFF{\"a\":1}\n\uFEFF{\"b\":2}\n");
    // Only the file's start may carry one; elsewhere it is the line's content, for the parser to refuse.
    assertEquals(List.of("1:{\"a\":1}", "2:\uFEFF{\"b\":2}"), readInSplits(file, 1L << 30));
    assertEquals(List.of("1:{\"a\":1}", "2:\uFEFF{\"b\":2}"), readInSplits(file, 3));
  }

  @Test
  public void splitsCoverTheFileEndToEndAndStartAfterALineEnd() throws IOException {
    byte[] bytes = randomNdjson(new Random(3), 500).getBytes(StandardCharsets.UTF_8);
    Path file = folder.newFile().toPath();
    Files.write(file, bytes);
    List<LineSplits.Split> splits;
    try (FileChannel channel = FileChannel.open(file)) {
      splits = LineSplits.plan(file.toString(), channel, 1000);
    }
    assertTrue(splits.size() > 5);
    assertEquals(0, splits.get(0).start());
    assertEquals(bytes.length, splits.get(splits.size() - 1).end());
    for (int i = 1; i < splits.size(); i++) {
      assertEquals(splits.get(i - 1).end(), splits.get(i).start());
      assertEquals('\n', bytes[(int) splits.get(i).start() - 1]);
    }
  }

  @Test
  public void anEmptyFileIsOneEmptySplit() throws IOException {
    Path file = write("");
    try (FileChannel channel = FileChannel.open(file)) {
      assertEquals(List.of(new LineSplits.Split(file.toString(), 0, 0, 1)),
          LineSplits.plan(file.toString(), channel, 10));
    }
    assertEquals(List.of(), readInSplits(file, 10));
  }

  @Test
  public void aFileCutShortAfterPlanningFailsItsRead() throws IOException {
    Path file = write("{\"a\":1}\n{\"b\":2}\n");
    LineSplits.Split whole = new LineSplits.Split(file.toString(), 0, 100, 1);
    try (FileChannel channel = FileChannel.open(file)) {
      IOException error = assertThrows(IOException.class,
          () -> LineSplits.read(whole, channel, (n, line, notUtf8) -> { }));
      assertTrue(error.getMessage(), error.getMessage().contains("changed while being read"));
    }
  }

  @Test
  public void thePipelineReadsAFileInSplitsWithItsLineNumbers() throws IOException {
    String text = randomNdjson(new Random(11), 300);
    Path dir = folder.newFolder("export").toPath();
    Files.writeString(dir.resolve(SourceCollection.LIKES.fileName()), text);
    PrecomputeOptions options = PipelineOptionsFactory.as(PrecomputeOptions.class);
    options.setSource("files");
    options.setInput(dir.toString());
    PCollection<String> lines = pipeline
        .apply(ReadSourceLines.of(SourceCollection.LIKES, options).withSplitBytes(500))
        .apply(org.apache.beam.sdk.transforms.MapElements
            .into(org.apache.beam.sdk.values.TypeDescriptors.strings())
            .via(line -> line.origin() + " " + line.text()));
    List<String> expected = new ArrayList<>();
    for (String numbered : expectedLines(text)) {
      int colon = numbered.indexOf(':');
      expected.add("likes.ndjson:" + numbered.substring(0, colon) + " "
          + numbered.substring(colon + 1));
    }
    PAssert.that(lines).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void aLineThatIsNotUtf8IsADeadLetterSayingWhichByte() throws IOException {
    String zoe = SourceLines.USER.replace("\"Ann\"", "\"Zoë\"");
    // A replacement character the app stored is text like any other.
    String replacement = SourceLines.USER.replace("\"u1\"", "\"u2\"").replace("\"Ann\"", "\"A\uFFFD\"");
    String cut = SourceLines.USER.replace("\"u1\"", "\"u3\"").replace("\"Ann\"", "\"Zoë 😀\"");
    Path dir = folder.newFolder("latin1").toPath();
    try (var file = Files.newOutputStream(dir.resolve(SourceCollection.USERS.fileName()))) {
      file.write((zoe + "\n").getBytes(StandardCharsets.ISO_8859_1));
      file.write((replacement + "\r\n").getBytes(StandardCharsets.UTF_8));
      byte[] emoji = cut.getBytes(StandardCharsets.UTF_8);
      int cutAt = cut.substring(0, cut.indexOf('😀')).getBytes(StandardCharsets.UTF_8).length + 2;
      file.write(emoji, 0, cutAt);  // the last line cut inside its emoji
    }
    PrecomputeOptions options = PipelineOptionsFactory.as(PrecomputeOptions.class);
    options.setSource("files");
    options.setInput(dir.toString());
    ParseRecords<User> parse = new ParseRecords<>(SourceCollection.USERS, "profiles");
    PCollectionTuple parsed = pipeline
        .apply(ReadSourceLines.of(SourceCollection.USERS, options))
        .apply(parse);
    PAssert.that(parsed.get(parse.recordsTag())
            .apply(MapElements.into(TypeDescriptors.strings()).via(User::displayName)))
        .containsInAnyOrder("A\uFFFD");
    int zoeByte = zoe.indexOf('ë') + 1;
    int cutByte = cut.substring(0, cut.indexOf('😀')).getBytes(StandardCharsets.UTF_8).length + 1;
    PAssert.that(parsed.get(ParseRecords.DEAD_LETTERS)
            .apply("Reasons", MapElements.into(TypeDescriptors.strings())
                .via(letter -> letter.origin() + " " + letter.reason())))
        .containsInAnyOrder(
            "users.ndjson:1 not UTF-8: byte " + zoeByte + " of the line (0xEB) is not part of a"
                + " UTF-8 character; the export must be written in UTF-8",
            "users.ndjson:3 not UTF-8: byte " + cutByte + " of the line (0xF0) is not part of a"
                + " UTF-8 character; the export must be written in UTF-8");
    pipeline.run().waitUntilFinish();
  }

  /** Lines as a person numbers them in an editor: split at \n, \r\n's \r dropped, blanks left out. */
  private static List<String> expectedLines(String text) {
    List<String> lines = new ArrayList<>();
    String[] parts = text.split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      String line = parts[i].endsWith("\r") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
      if (!line.isBlank()) {
        lines.add((i + 1) + ":" + line);
      }
    }
    return lines;
  }

  private List<String> readInSplits(Path file, long target) throws IOException {
    List<String> lines = new ArrayList<>();
    List<LineSplits.Split> splits;
    try (FileChannel channel = FileChannel.open(file)) {
      splits = LineSplits.plan(file.toString(), channel, target);
    }
    for (LineSplits.Split split : splits) {
      try (FileChannel channel = FileChannel.open(file)) {
        channel.position(split.start());
        LineSplits.read(split, channel, (n, line, notUtf8) -> {
          assertEquals(line, null, notUtf8);
          lines.add(n + ":" + line);
        });
      }
    }
    return lines;
  }

  private static String randomNdjson(Random random, int lines) {
    String[] pieces = {"{\"id\":\"u1\"}", "{\"name\":\"Zoë 😀 łódź\"}", "", "   ", "{\"x\":[1,2,3]}",
        "{\"t\":\"" + "a".repeat(90) + "\"}"};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(pieces[random.nextInt(pieces.length)]);
      if (i < lines - 1 || random.nextBoolean()) {
        text.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
      }
    }
    return text.toString();
  }

  private Path write(String text) throws IOException {
    Path file = folder.newFile().toPath();
    Files.writeString(file, text);
    return file;
  }
}
