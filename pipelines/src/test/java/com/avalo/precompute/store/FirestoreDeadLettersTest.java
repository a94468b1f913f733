package com.avalo.precompute.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import com.avalo.precompute.io.DeadLetter;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.rpc.Status;
import org.apache.beam.sdk.io.gcp.firestore.FirestoreV1.WriteFailure;
import org.junit.Test;

/** Dead letters on Firestore: one document per letter, and refused writes named by their key. */
public class FirestoreDeadLettersTest {
  private static final FirestoreStoreSpec CACHE =
      StoreSpec.firestore("avalo-production-project", null);
  private static final FirestoreStoreSpec LETTERS = CACHE.withCollection("precompute_dead_letters");

  @Test
  public void lettersThatDifferOnlyInTheirPayloadAreTwoDocuments() {
    String reason = "duplicate id: 3 records of users have the id 'u1'";
    Write second = FirestoreDeadLetters.toWrite(LETTERS, "run-1",
        DeadLetter.of("user-stats", "users", "users/u1", reason, "{\"id\":\"u1\",\"bio\":\"b\"}"), 1);
    Write third = FirestoreDeadLetters.toWrite(LETTERS, "run-1",
        DeadLetter.of("user-stats", "users", "users/u1", reason, "{\"id\":\"u1\",\"bio\":\"c\"}"), 1);
    assertNotEquals(second.getUpdate().getName(), third.getUpdate().getName());
  }

  /** A Timestamp the deploy's TTL policy deletes by: without one the collection only grew. */
  @Test
  public void aLetterCarriesTheTimestampItsTtlPolicyDeletesItBy() {
    long before = java.time.Instant.now().plus(FirestoreDeadLetters.RETENTION).getEpochSecond();
    Write letter = FirestoreDeadLetters.toWrite(LETTERS, "run-1",
        DeadLetter.of("chats", "messages", "messages/c1/m1", "from a non-participant", "{}"), 1);
    long expireAt = letter.getUpdate().getFieldsOrThrow(FirestoreDeadLetters.EXPIRE_AT)
        .getTimestampValue().getSeconds();
    org.junit.Assert.assertTrue(expireAt >= before && expireAt <= before + 60);
  }

  @Test
  public void lettersThatDifferOnlyInTheirJobAreTwoDocuments() {
    DeadLetter chats = DeadLetter.of("chats", "messages", "messages/m1", "from a non-participant", "{}");
    DeadLetter stats = DeadLetter.of("user-stats", "messages", "messages/m1", "from a non-participant", "{}");
    assertNotEquals(FirestoreDeadLetters.id("run-1", chats), FirestoreDeadLetters.id("run-1", stats));
  }

  @Test
  public void theSameLetterOfTheSameRunIsTheSameDocument() {
    // A retried bundle writes its letters again: they must overwrite, not add.
    DeadLetter letter = DeadLetter.of("feeds", "likes", "likes/l1", "refers to missing user u9", "{}");
    assertEquals(FirestoreDeadLetters.id("run-1", letter), FirestoreDeadLetters.id("run-1", letter));
    assertNotEquals(FirestoreDeadLetters.id("run-1", letter), FirestoreDeadLetters.id("run-2", letter));
  }

  @Test
  public void fieldsDoNotRunIntoEachOther() {
    DeadLetter a = DeadLetter.of("j", "c", "ab", "c", "{}");
    DeadLetter b = DeadLetter.of("j", "c", "a", "bc", "{}");
    assertNotEquals(FirestoreDeadLetters.id("run-1", a), FirestoreDeadLetters.id("run-1", b));
  }

  @Test
  public void aRefusedWriteOfALongKeyIsNamedByItsKeyInFull() {
    // The longest key there can be, and one that differs from it only at its end.
    String page1 = "count:users:" + "k".repeat(com.avalo.precompute.schemas.CacheKey.MAX_LENGTH - 14) + ":1";
    String page2 = page1.substring(0, page1.length() - 1) + "2";
    DeadLetter first = FirestoreStoreWriter.WriteToFirestore.deadLetter(refused(
        Write.newBuilder().setDelete(CACHE.documentName(page1)).build()));
    DeadLetter second = FirestoreStoreWriter.WriteToFirestore.deadLetter(refused(
        Write.newBuilder().setDelete(CACHE.documentName(page2)).build()));
    assertEquals("precompute_cache/" + page1, first.origin());
    assertEquals("precompute_cache/" + page2, second.origin());
    assertEquals("Firestore refused the delete: quota exceeded", first.reason());
  }

  private static WriteFailure refused(Write write) {
    return new WriteFailure(write, WriteResult.getDefaultInstance(),
        Status.newBuilder().setCode(8).setMessage("quota exceeded").build());
  }
}
