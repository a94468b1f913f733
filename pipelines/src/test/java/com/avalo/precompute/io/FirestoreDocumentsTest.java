package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import org.junit.Test;

public class FirestoreDocumentsTest {
  private static final String ROOT = "projects/p/databases/(default)/documents/";

  /** A field named like the path's parts (an app's own "id") does not stand in for the path. */
  @Test
  public void theIdAndChatOfAPathWinOverFieldsOfTheSameName() {
    ObjectNode user = FirestoreDocuments.toExportJson(document("users/u1", "id", "legacy-7"));
    assertEquals("u1", user.get("id").asText());

    ObjectNode message = FirestoreDocuments.toExportJson(
        document("chats/c1/messages/m1", "chatId", "c-old"));
    assertEquals("m1", message.get("id").asText());
    assertEquals("c1", message.get("chatId").asText());
  }

  /** Only chats/{chatId}/messages holds the chat in its path; elsewhere the field says it. */
  @Test
  public void aMessageOutsideAChatKeepsItsChatField() {
    ObjectNode message = FirestoreDocuments.toExportJson(document("messages/m1", "chatId", "c9"));
    assertEquals("m1", message.get("id").asText());
    assertEquals("c9", message.get("chatId").asText());
  }

  private static Document document(String path, String field, String value) {
    return Document.newBuilder().setName(ROOT + path)
        .putFields(field, Value.newBuilder().setStringValue(value).build()).build();
  }
}
