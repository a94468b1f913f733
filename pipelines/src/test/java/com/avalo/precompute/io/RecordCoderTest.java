package com.avalo.precompute.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.ChatList;
import com.avalo.precompute.schemas.ParticipantCard;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.CacheLayer;
import com.avalo.precompute.source.SourceRecords.Chat;
import com.avalo.precompute.source.SourceRecords.Event;
import com.avalo.precompute.source.SourceRecords.Gender;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Media;
import com.avalo.precompute.source.SourceRecords.Post;
import com.avalo.precompute.source.SourceRecords.User;
import com.avalo.precompute.source.SourceRecords.UserStatus;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.VarInt;
import org.junit.Test;

/** Records come back equal, nulls, nesting, long texts and all; unsupported types fail early. */
public class RecordCoderTest {
  private static final Instant T = Instant.parse("2026-11-20T12:34:56.123456789Z");

  @Test
  public void everySourceCollectionsRecordHasACoder() {
    for (SourceCollection<?> collection : SourceCollection.ALL) {
      assertTrue(RecordCoder.ofRecordClass(collection.recordClass()) instanceof RecordCoder);
    }
  }

  @Test
  public void recordsRoundTripWithNullsNestingAndLongTexts() throws Exception {
    String longBio = "é😀".repeat(40_000);  // over writeUTF's 64 KB
    User user = new User("u1", "Zoë", LocalDate.of(1990, 2, 3), Gender.female,
        EnumSet.of(Gender.male, Gender.nonbinary), 18, 99, -1, -33.5, 151.25, "Sydney",
        List.of("hiking", ""), 6, longBio, true, T, Instant.EPOCH, UserStatus.active);
    roundTrip(User.class, user);
    roundTrip(User.class, new User("u2", null, null, null, Set.of(), Integer.MIN_VALUE, 0, 0,
        Double.NaN, 0.0, null, List.of(), 0, null, false, null, null, null));
    roundTrip(Event.class, new Event("e1", "api_call", "u1", T, "/v1/feed", -5L, CacheLayer.memory,
        false));
    roundTrip(Event.class, new Event("e2", "login", "u1", T, null, null, null, null));
    roundTrip(Match.class, new Match("m1", List.of("a", "b"), T, null));
    Map<String, Instant> read = new LinkedHashMap<>();
    read.put("b", T);
    read.put("a", Instant.MAX);
    roundTrip(Chat.class, new Chat("c1", List.of("a", "b"), T, T, read));
    roundTrip(Post.class, new Post("p1", "u1", "", List.of(new Media("m", "https://x", 1, 2)), T));
    roundTrip(ChatList.Entry.class, new ChatList.Entry("c1",
        new ParticipantCard("u", "N", 30, "Paris", 2, true), T, null, 3));
    roundTrip(DeadLetter.class, DeadLetter.of("j", "users", "users.ndjson:1", "bad", null));
  }

  @Test
  public void mapsKeepTheirKindAndOrder() throws Exception {
    Chat chat = new Chat("c1", List.of(), T, T, new LinkedHashMap<>(Map.of("z", T)));
    Chat copy = CoderUtils.clone(RecordCoder.of(Chat.class), chat);
    assertEquals(List.of("z"), List.copyOf(copy.lastReadAt().keySet()));
    WithSorted sorted = new WithSorted(new TreeMap<>(Map.of("b", 2L, "a", 1L)), new byte[] {1, -2});
    WithSorted back = CoderUtils.clone(RecordCoder.of(WithSorted.class), sorted);
    assertEquals(sorted.byName(), back.byName());
    assertTrue(back.byName() instanceof TreeMap);
    assertArrayEquals(sorted.bytes(), back.bytes());
  }

  @Test
  public void aSerializedCoderStillWorks() throws Exception {
    Coder<Match> coder = SerializableUtils.clone(RecordCoder.of(Match.class));
    Match match = new Match("m1", List.of("a", "b"), T, "c");
    assertEquals(match, CoderUtils.clone(coder, match));
  }

  @Test
  public void recordsInARowAreReadBackOneByOneFromOneStream() throws Exception {
    RecordCoder<Match> coder = RecordCoder.of(Match.class);
    List<Match> matches = List.of(new Match("m1", List.of("a", "b"), T, null),
        new Match("m2", List.of("x".repeat(20_000), "y"), T, "c"),  // longer than most records
        new Match("m3", List.of(), Instant.EPOCH, ""));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Match match : matches) {
      coder.encode(match, bytes);
    }
    ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
    for (Match match : matches) {
      assertEquals(match, coder.decode(in));
    }
    assertEquals(0, in.available());
  }

  @Test
  public void aCutOffRecordFailsInsteadOfReadingPastItsEnd() throws Exception {
    RecordCoder<Match> coder = RecordCoder.of(Match.class);
    byte[] whole = CoderUtils.encodeToByteArray(coder, new Match("m1", List.of("a", "b"), T, "c"));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThrows(EOFException.class, () -> coder.decode(new ByteArrayInputStream(cut)));
  }

  @Test
  public void aDamagedLengthFailsWithoutAllocatingWhatItClaims() throws Exception {
    ByteArrayOutputStream claim = new ByteArrayOutputStream();
    VarInt.encode(Integer.MAX_VALUE, claim);  // more than any Java array can hold
    claim.write(new byte[] {1, 2, 3});
    EOFException e = assertThrows(EOFException.class,
        () -> RecordCoder.of(Match.class).decode(new ByteArrayInputStream(claim.toByteArray())));
    assertTrue(e.getMessage(), e.getMessage().contains("ends after 3"));
  }

  @Test
  public void aRecordOverAMebibyteRoundTrips() throws Exception {
    roundTrip(Single.class, new Single("é".repeat(700_000)));  // 1.4 MB of UTF-8
  }

  @Test
  public void datesBefore1970RoundTrip() throws Exception {
    roundTrip(User.class, new User("u3", "Old", LocalDate.of(1931, 5, 6), Gender.male, Set.of(),
        18, 99, 0, 0.0, 0.0, null, List.of(), 0, null, false, Instant.parse("1969-07-20T20:17:40.5Z"),
        Instant.MIN, UserStatus.active));
  }

  @Test
  public void aLoneSurrogateIsWrittenAsTheReplacementCharacterWithoutALogLine() throws Exception {
    Logger protobuf = Logger.getLogger(CodedOutputStream.class.getName());
    List<LogRecord> logged = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    protobuf.addHandler(handler);
    try {
      Single cutOff = new Single("hi \ud83d");  // an emoji's first half, as a cut-off bio ends
      assertEquals(new Single("hi \ufffd"), CoderUtils.clone(RecordCoder.of(Single.class), cutOff));
      assertEquals(new Single("ok \ud83d\ude00"),
          CoderUtils.clone(RecordCoder.of(Single.class), new Single("ok \ud83d\ude00")));
    } finally {
      protobuf.removeHandler(handler);
    }
    assertEquals(List.of(), logged);
  }

  @Test
  public void aDamagedCountOrEnumIsACoderErrorNamingTheRecord() throws Exception {
    ByteArrayOutputStream count = new ByteArrayOutputStream();
    VarInt.encode(3, count);
    count.write(new byte[] {1, (byte) 0xff, 0x7f});  // "present", then a list of 16,383 in 1 byte
    CoderException e = assertThrows(CoderException.class,
        () -> RecordCoder.of(Names.class).decode(new ByteArrayInputStream(count.toByteArray())));
    assertTrue(e.getMessage(), e.getMessage().startsWith("cannot decode a Names of 3 bytes"));
    assertTrue(e.getMessage(), e.getMessage().contains("a count of 16383 with 0 bytes left"));

    ByteArrayOutputStream ordinal = new ByteArrayOutputStream();
    VarInt.encode(2, ordinal);
    ordinal.write(new byte[] {1, 9});  // "present", then the tenth of UserStatus's few constants
    e = assertThrows(CoderException.class,
        () -> RecordCoder.of(Status.class).decode(new ByteArrayInputStream(ordinal.toByteArray())));
    assertTrue(e.getMessage(), e.getMessage().startsWith("cannot decode a Status of 2 bytes"));
  }

  @Test
  public void aRecordWhoseFieldsRunPastItsEndIsACoderError() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    VarInt.encode(2, bytes);
    bytes.write(new byte[] {1, 9});  // "present", then a string of 9 bytes in a 2-byte record
    CoderException e = assertThrows(CoderException.class,
        () -> RecordCoder.of(Single.class).decode(new ByteArrayInputStream(bytes.toByteArray())));
    assertTrue(e.getMessage(), e.getMessage().startsWith("cannot decode a Single of 2 bytes"));
  }

  @Test
  public void anotherRecordTypesBytesAreRefused() throws Exception {
    byte[] pair = CoderUtils.encodeToByteArray(RecordCoder.of(Pair.class), new Pair("a", "b"));
    CoderException e = assertThrows(CoderException.class,
        () -> CoderUtils.decodeFromByteArray(RecordCoder.of(Single.class), pair));
    assertTrue(e.getMessage(), e.getMessage().contains("left over"));
  }

  @Test
  public void anUnsupportedComponentFailsWhenTheCoderIsMade() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecordCoder.of(Unsupported.class));
    assertTrue(e.getMessage(), e.getMessage().contains("Unsupported.when of type java.util.Date"));
    assertThrows(IllegalArgumentException.class, () -> RecordCoder.ofRecordClass(String.class));
  }

  record WithSorted(TreeMap<String, Long> byName, byte[] bytes) {}

  record Unsupported(String id, java.util.Date when) {}

  record Pair(String first, String second) {}

  record Single(String only) {}

  record Names(List<String> names) {}

  record Status(UserStatus status) {}

  private static <T extends Record> void roundTrip(Class<T> type, T value) throws Exception {
    assertEquals(value, CoderUtils.clone(RecordCoder.of(type), value));
  }
}
