package com.avalo.precompute.serving;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;
import com.avalo.precompute.schemas.DocumentType;
import com.avalo.precompute.schemas.FeedPage;
import com.avalo.precompute.serving.PageRead.Consistency;
import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A reader never gets pages of two versions of one feed as if they were one list: not while a
 * run's writes are in flight, and not when memory holds a page from an older run beside one the
 * store has from a newer.
 */
public class PageVersionTest {
  private final FakeTime time = new FakeTime();
  private final MapStore store = new MapStore();
  private final CacheClient client = Clients.builder(store, time).build();

  @After
  public void close() {
    client.close();
  }

  @Test
  public void aPageOfTheVersionTheReaderHoldsIsServedAsItIs() {
    writeFeed("v1", 2);
    assertEquals("v1", client.feedPage("ana", 0).orElseThrow().listVersion());
    PageRead read = client.getPage(page(1), "v1");
    assertEquals(Consistency.SAME_LIST, read.consistency());
    assertEquals("v1", read.listVersion());
    assertEquals(1, client.feedPage("ana", 1, "v1").orElseThrow().page());
  }

  @Test
  public void aPage0InMemoryFromAnOlderRunMakesTheReaderStartAgainWithTheStoredList() {
    writeFeed("v1", 2);
    assertEquals("v1", client.feedPage("ana", 0).orElseThrow().listVersion()); // now in memory
    writeFeed("v2", 2); // a newer run; no invalidation reaches this client
    assertEquals("memory still old", "v1", client.feedPage("ana", 0).orElseThrow().listVersion());

    PageRead read = client.getPage(page(1), "v1");
    assertEquals(Consistency.LIST_CHANGED, read.consistency());
    assertEquals("v2", read.listVersion());
    assertEquals("page 0 was reread from the store on the way", "v2",
        client.feedPage("ana", 0).orElseThrow().listVersion());
    ListChangedException changed =
        assertThrows(ListChangedException.class, () -> client.feedPage("ana", 1, "v1"));
    assertTrue(changed.getMessage(), changed.getMessage().contains("read it again from page 0"));
  }

  @Test
  public void aPageNInMemoryFromAnOlderRunIsRereadFromTheStore() {
    writeFeed("v1", 2);
    assertEquals("v1", client.feedPage("ana", 1).orElseThrow().listVersion()); // page 1 in memory
    writeFeed("v2", 2);
    PageRead read = client.getPage(page(1), "v2"); // the reader holds the new page 0
    assertEquals(Consistency.SAME_LIST, read.consistency());
    assertEquals("v2", PageRead.versionOf(read.read().document()));
    assertEquals("memory refreshed", "v2", client.feedPage("ana", 1).orElseThrow().listVersion());
  }

  @Test
  public void pagesOfTwoVersionsInTheStoreAreAConflictNotAList() {
    store.put(doc(0, "v2", 2));
    store.put(doc(1, "v1", 2)); // a run wrote page 0 and not yet page 1
    PageRead read = client.getPage(page(1), "v2");
    assertEquals(Consistency.STORE_MIXED, read.consistency());
    ListChangedException mixed =
        assertThrows(ListChangedException.class, () -> client.feedPage("ana", 1, "v2"));
    assertTrue(mixed.getMessage(), mixed.getMessage().contains("retry shortly"));
  }

  @Test
  public void aPagePastTheEndIsMissingUnlessTheListChanged() {
    writeFeed("v1", 2);
    assertEquals(Consistency.SAME_LIST, client.getPage(page(2), "v1").consistency());
    assertTrue(client.feedPage("ana", 2, "v1").isEmpty());
    writeFeed("v2", 3);
    time.advance(Duration.ofMinutes(2)); // past the negative TTL of page 2
    assertEquals(Consistency.SAME_LIST, client.getPage(page(2), "v2").consistency());
    store.delete(List.of(page(2).value()));
    client.invalidate(page(2).value());
    writeFeed("v3", 2);
    PageRead shrunk = client.getPage(page(2), "v2");
    assertEquals(Consistency.LIST_CHANGED, shrunk.consistency());
    assertEquals("v3", shrunk.listVersion());
  }

  @Test
  public void aVersionTheStoreDoesNotHaveCostsOneReadOfEachPageAndEvictsNothingServed() {
    writeFeed("v1", 2);
    client.feedPage("ana", 0);
    client.feedPage("ana", 1);
    int before = store.reads();
    assertEquals(Consistency.LIST_CHANGED, client.getPage(page(1), "bogus").consistency());
    assertEquals("page 1 and page 0 read again, once each", before + 2, store.reads());
    assertEquals(CacheRead.Layer.MEMORY, client.get(page(1)).layer());
    assertEquals(CacheRead.Layer.MEMORY, client.get(page(0)).layer());

    time.advance(Duration.ofMinutes(2)); // both pages due for a store read again
    assertEquals(Consistency.LIST_CHANGED, client.getPage(page(1), "bogus").consistency());
    assertEquals("a page just read from the store is not read again", before + 4, store.reads());
  }

  @Test
  public void aVersionMismatchWhileTheStoreIsDownLeavesThePageServedToOthers() {
    writeFeed("v1", 2);
    client.feedPage("ana", 0);
    client.feedPage("ana", 1);
    store.setDown(true);
    PageRead read = client.getPage(page(1), "an-older-version");
    assertEquals("v1", read.listVersion());
    assertTrue("answered from the last value", read.read().storeFailed());
    for (int p = 0; p < 2; p++) {
      CacheRead plain = client.get(page(p));
      assertEquals("v1", PageRead.versionOf(plain.document()));
    }
  }

  private void writeFeed(String version, int pages) {
    for (int p = 0; p < pages; p++) {
      store.put(doc(p, version, pages));
    }
  }

  private static CacheKey page(int page) {
    return DocumentType.FEED_PAGE.key("ana", page);
  }

  private static CacheDocument doc(int page, String version, int pageCount) {
    FeedPage payload = new FeedPage("ana", page, pageCount, 1, pageCount, List.of(
        new FeedPage.Candidate("c" + page, "Bea", 29, "Porto", 12, 4, List.of(), 0.9)), version);
    return CacheDocument.of(page(page), payload,
        new CacheDocument.Provenance("feeds", "run-" + version, Docs.T0, Docs.T0),
        Docs.T0.plus(Duration.ofHours(6)));
  }
}
