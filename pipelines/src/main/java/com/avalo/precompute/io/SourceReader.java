package com.avalo.precompute.io;

import com.avalo.precompute.source.BadRecordException;
import com.avalo.precompute.source.SourceCollection;
import com.avalo.precompute.source.SourceRecords.Match;
import com.avalo.precompute.source.SourceRecords.Message;
import com.avalo.precompute.source.SourceRecords.SourceRecord;
import com.avalo.precompute.source.SourceRecords.User;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The checked source records of one pipeline, read once however many jobs use them: parsed, with
 * records referring to missing users (and messages to missing chats) sent to the dead letters.
 * Every dead letter of reading is collected in {@link #deadLetters()}.
 */
public final class SourceReader {
  private final Pipeline pipeline;
  private final PrecomputeOptions options;
  private final String job;
  private final Instant asOf;
  private final Map<String, PCollection<?>> read = new HashMap<>();
  private final List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
  /** The collections read, as parsed, for {@link RefuseWritesOnRefusedRecords}. */
  private final List<RefuseWritesOnRefusedRecords.Parsing> parsings = new ArrayList<>();

  /**
   * Collections whose records are grouped by id to find duplicates, which would show as a user
   * twice among the candidates, a chat twice in a chat list, a match twice in a match list, a post
   * stopping the run (its media keys computed twice), a purchase or spend counted twice in a
   * balance and in revenue. Likes, messages and events are grouped only with
   * {@code --dedupeAllCollections}, which makes {@code run all} 1.43-1.44 times as long at
   * 100,000 users ({@code bench/scale/RESULTS.md}, stop 38): they are 88% of an export's records.
   * A cheaper check tried for them, counting the ids' hashes and sending the records past them as a
   * side input, was slower still (40%, and 1.6-1.8 times the memory; stop 37) and was dropped.
   */
  private static final Set<SourceCollection<?>> GROUPED_BY_ID = Set.of(SourceCollection.USERS,
      SourceCollection.BLOCKS, SourceCollection.CHATS, SourceCollection.MATCHES,
      SourceCollection.POSTS, SourceCollection.PURCHASES, SourceCollection.SPENDS);

  /**
   * @param asOf the run's as-of, which decides the copy of a duplicated id kept
   *     ({@link DropDuplicateIds})
   */
  public SourceReader(Pipeline pipeline, PrecomputeOptions options, String job, Instant asOf) {
    this.pipeline = pipeline;
    this.options = options;
    this.job = job;
    this.asOf = asOf;
  }

  /**
   * Checks up front, while the pipeline is built, that a file export has the collection, so that a
   * wrong {@code --input} stops the run with one clear line rather than a stack trace; and that
   * its users file holds a user, as {@link FirestoreSourceCheck} checks a Firestore source: every
   * job reads users, so a run over none would compute nothing and delete every document its jobs
   * wrote before. A file with lines but no user record among them (a JSON array, a gzip'd or
   * UTF-16 file under the .ndjson name) is such a run too: each line a dead letter, no user.
   */
  private void checkReadable(SourceCollection<?> collection) {
    if (options.getSource().equals("files") && !options.getInput().contains("://")) {
      Path input = Path.of(options.getInput());
      Path file = input.resolve(collection.fileName());
      if (!Files.exists(input)) {
        throw new IllegalArgumentException("--input=" + options.getInput() + ": no such directory;"
            + " point --input at a seed or export directory holding every collection's file (make"
            + " one with: precompute seed --out " + options.getInput() + ")");
      }
      if (!Files.isRegularFile(file)) {
        // Seeding is suggested only where nothing is: over an export cut short, 'seed --out' would
        // replace its real records with synthetic ones.
        throw new IllegalArgumentException("no " + collection.fileName() + " in --input="
            + options.getInput() + ": point --input at a seed or export directory holding every"
            + " collection's file"
            + (Files.isDirectory(input) ? "" : " (it is a file)"));
      }
      if (collection == SourceCollection.USERS && !holdsAUser(file)) {
        throw new IllegalArgumentException(file + " holds no users (an export cut short or"
            + " never written, or not NDJSON of users: not one line of it is a user record)"
            + ": a run over it would compute nothing and delete the documents its jobs wrote"
            + " before");
      }
    }
  }

  /**
   * Whether a line of the users file is a user record, as {@link ParseRecords} reads it; reads
   * only up to the first that is, which in an export is its first line.
   */
  private static boolean holdsAUser(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      LineSplits.read(new LineSplits.Split(file.toString(), 0, channel.size(), 1), channel,
          (lineNumber, line, notUtf8) -> {
            if (notUtf8 == null && isUser(line)) {
              throw new UserFound();
            }
          });
      return false;
    } catch (UserFound found) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isUser(String line) {
    try {
      SourceCollection.USERS.parse(ParseRecords.readOneValue(line));
      return true;
    } catch (IOException | BadRecordException e) {
      return false;
    }
  }

  /** Ends the read of the users file at its first user. */
  private static final class UserFound extends RuntimeException {
    UserFound() {
      super(null, null, false, false);
    }
  }

  public PCollection<User> users() {
    return unique(SourceCollection.USERS);
  }

  public PCollection<String> userIds() {
    return memo("userIds", () -> users()
        .apply("UserIds", MapElements.into(TypeDescriptors.strings()).via(User::id))
        .setCoder(StringUtf8Coder.of()));
  }

  /** Records of {@code collection} whose user references all exist. */
  public <T extends SourceRecord> PCollection<T> read(SourceCollection<T> collection) {
    if (collection == SourceCollection.USERS) {
      @SuppressWarnings("unchecked")
      PCollection<T> users = (PCollection<T>) users();
      return users;
    }
    return memo(collection.name() + ".checked", () -> {
      PCollection<T> records = unique(collection);
      DropDanglingReferences<T> check = new DropDanglingReferences<>(job, collection.name(),
          collection.recordClass(), "user", userIds(), SourceRecord::uniqueId, collection::userReferences);
      PCollectionTuple checked = records.apply("Check" + title(collection.name()) + "Users", check);
      deadLetters.add(checked.get(ParseRecords.DEAD_LETTERS));
      if (collection == SourceCollection.MATCHES) {
        // Ids are unique by now, pairs not (Firestore holds two matches of a pair as readily).
        @SuppressWarnings("unchecked")
        PCollection<Match> matches = (PCollection<Match>) checked.get(check.validTag());
        PCollectionTuple once = matches.apply("DropRepeatedMatches", new DropRepeatedMatches(job));
        deadLetters.add(once.get(ParseRecords.DEAD_LETTERS));
        @SuppressWarnings("unchecked")
        PCollection<T> kept = (PCollection<T>) once.get(DropRepeatedMatches.KEPT);
        return kept;
      }
      return checked.get(check.validTag());
    });
  }

  /**
   * Messages whose sender exists, whose chat exists and who is one of its participants: the
   * messages every job counts ({@link DropMessagesOutsideTheirChat}).
   */
  public PCollection<Message> messages() {
    return memo("messages.inChats", () -> {
      DropMessagesOutsideTheirChat check =
          new DropMessagesOutsideTheirChat(job, read(SourceCollection.CHATS), asOf);
      PCollectionTuple checked = read(SourceCollection.MESSAGES).apply("CheckMessagesChats", check);
      deadLetters.add(checked.get(ParseRecords.DEAD_LETTERS));
      return checked.get(check.validTag());
    });
  }

  /** Every dead letter reading has produced so far. */
  public List<PCollection<DeadLetter>> deadLetters() {
    return deadLetters;
  }

  private <T extends SourceRecord> PCollection<T> parsed(SourceCollection<T> collection) {
    return memo(collection.name() + ".parsed", () -> {
      checkReadable(collection);
      String name = title(collection.name());
      ParseRecords<T> parse = new ParseRecords<>(collection, job);
      PCollectionTuple parsed = pipeline
          .apply("Read" + name, ReadSourceLines.of(collection, options))
          .apply("Parse" + name, parse);
      deadLetters.add(parsed.get(ParseRecords.DEAD_LETTERS));
      parsings.add(new RefuseWritesOnRefusedRecords.Parsing(collection.name(),
          parsed.get(parse.recordsTag()), parsed.get(ParseRecords.DEAD_LETTERS),
          collection == SourceCollection.USERS
              ? RefuseWritesOnRefusedRecords.Limit.users(options.getMaxRefusedUserShare())
              : RefuseWritesOnRefusedRecords.Limit.otherRecords(
                  options.getMaxRefusedRecordShare())));
      return parsed.get(parse.recordsTag());
    });
  }

  /**
   * The check that fails the run before its first write when none of its users parsed, or more
   * than {@code --maxRefusedUserShare} of them or {@code --maxRefusedRecordShare} of another
   * collection's records were refused ({@link RefuseWritesOnRefusedRecords}): an empty collection,
   * complete once the check has passed, for the diff to wait on; none when the run read nothing.
   */
  public Optional<PCollection<Void>> refuseWritesOnLostRecords() {
    if (parsings.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(memo("records.enoughParsed", () -> pipeline.apply(
        "RefuseWritesOnRefusedRecords", new RefuseWritesOnRefusedRecords(parsings))));
  }

  /**
   * Records of a collection in {@link #GROUPED_BY_ID} (of every collection with
   * {@code --dedupeAllCollections}) one per id: the others are dead-lettered
   * ({@link DropDuplicateIds}); of any other collection, every record. Only file exports can hold
   * duplicates: Firestore cannot hold two documents under one id.
   */
  private <T extends SourceRecord> PCollection<T> unique(SourceCollection<T> collection) {
    if (options.getSource().equals("firestore")
        || !(GROUPED_BY_ID.contains(collection) || options.getDedupeAllCollections())) {
      return parsed(collection);
    }
    return memo(collection.name() + ".unique", () -> {
      DropDuplicateIds<T> dedupe = new DropDuplicateIds<>(job, collection, asOf);
      PCollectionTuple kept = parsed(collection)
          .apply("Drop" + title(collection.name()) + "DuplicateIds", dedupe);
      deadLetters.add(kept.get(ParseRecords.DEAD_LETTERS));
      return kept.get(dedupe.keptTag());
    });
  }

  @SuppressWarnings("unchecked")
  private <T> PCollection<T> memo(String name, java.util.function.Supplier<PCollection<T>> build) {
    PCollection<?> existing = read.get(name);
    if (existing == null) {
      existing = build.get();
      read.put(name, existing);
    }
    return (PCollection<T>) existing;
  }

  private static String title(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
