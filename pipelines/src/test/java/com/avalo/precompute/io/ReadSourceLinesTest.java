package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.source.SourceCollection;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredQuery;
import java.nio.file.Path;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

/**
 * Where a file export is read from, whatever the working directory of the process reading it, and
 * what a Firestore source asks for.
 */
public class ReadSourceLinesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void aPartitionedReadAsksForAllDescendantsAsFirestoreRequires() {
    // PartitionQuery refuses a query that is not over all descendants.
    assertTrue(allDescendants(ReadSourceLines.query(SourceCollection.USERS, true)));
    assertTrue(allDescendants(ReadSourceLines.query(SourceCollection.MESSAGES, true)));
    // One query: the top-level collection, and messages as the collection group they are.
    assertFalse(allDescendants(ReadSourceLines.query(SourceCollection.USERS, false)));
    assertTrue(allDescendants(ReadSourceLines.query(SourceCollection.MESSAGES, false)));
  }

  @Test
  public void aTopLevelCollectionKeepsItsOwnDocumentsOnlyAndMessagesOnlyAChats() {
    String root = "projects/p/databases/(default)/documents/";
    PCollection<String> users = pipeline
        .apply("Users", Create.of(response(root + "users/u1"), response(root + "groups/g1/users/u2"),
            RunQueryResponse.getDefaultInstance()))
        .apply("UserLines", ParDo.of(new ReadSourceLines.DocumentToLineFn(SourceCollection.USERS)))
        .apply("UserOrigins", MapElements.into(TypeDescriptors.strings()).via(SourceLine::origin));
    PCollection<String> messages = pipeline
        .apply("Messages", Create.of(response(root + "chats/c1/messages/m1"),
            response(root + "messages/m2"), response(root + "users/u1/messages/m3"),
            response(root + "supportTickets/t1/messages/m4")))
        .apply("MessageLines",
            ParDo.of(new ReadSourceLines.DocumentToLineFn(SourceCollection.MESSAGES)))
        .apply("MessageOrigins", MapElements.into(TypeDescriptors.strings()).via(SourceLine::origin));
    PAssert.that(users).containsInAnyOrder("firestore:users/u1");
    // Only a chat's messages: an inbox's or a support ticket's are not.
    PAssert.that(messages).containsInAnyOrder("firestore:chats/c1/messages/m1",
        "firestore:messages/m2");
    pipeline.run();
  }

  private static boolean allDescendants(StructuredQuery query) {
    return query.getFrom(0).getAllDescendants();
  }

  private static RunQueryResponse response(String name) {
    return RunQueryResponse.newBuilder().setDocument(Document.newBuilder().setName(name)).build();
  }

  @Test
  public void aRelativeInputIsResolvedWhereThePipelineIsBuilt() {
    String expected = Path.of("").toAbsolutePath().resolve("out/seed/users.ndjson").toString();
    assertEquals(expected, ReadSourceLines.filePattern("out/seed/", "users.ndjson"));
  }

  @Test
  public void anAbsoluteInputIsKept() {
    assertEquals("/data/export/likes.ndjson", ReadSourceLines.filePattern("/data/export", "likes.ndjson"));
  }

  @Test
  public void aRemoteInputIsKeptAsWritten() {
    assertEquals("gs://bucket/export/users.ndjson",
        ReadSourceLines.filePattern("gs://bucket/export//", "users.ndjson"));
  }
}
