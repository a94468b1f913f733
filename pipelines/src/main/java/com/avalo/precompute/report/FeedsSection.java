package com.avalo.precompute.report;

import com.avalo.precompute.report.Chart.Series;
import com.avalo.precompute.report.Table.Column;
import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.FeedPage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The feeds part of the report: how long the stored feeds are, from the first page of each
 * ({@code feed:{uid}:0} holds the feed's length and page count).
 */
final class FeedsSection {
  static final int MAX_KEYS = 10_000_000;

  private FeedsSection() {}

  static Section build(StoreReads reads) {
    List<String> listed = reads.keys("feed:", MAX_KEYS);
    List<String> firstPages = listed.stream().filter(key -> key.endsWith(":0")).toList();
    List<CacheDocument> documents = new ArrayList<>();
    List<FeedPage> feeds = new ArrayList<>();
    for (CacheDocument document : reads.documents(firstPages)) {
      reads.payload(document, FeedPage.class).ifPresent(feed -> {
        // The record binds any int: a page size below 1 divided by zero, and took the report down.
        if (feed.pageSize() < 1) {
          reads.markUnreadable(document.key(), "its pageSize is " + feed.pageSize()
              + ", not at least 1");
          return;
        }
        documents.add(document);
        feeds.add(feed);
      });
    }
    List<String> notices = new ArrayList<>();
    Optional<String> unreadable = reads.unreadableNote();
    if (documents.isEmpty()) {
      notices.add(unreadable.isEmpty() ? "The store holds no feed pages (feed:{uid}:{page}). Write"
          + " them with 'precompute run feeds'." : "The store holds no readable first feed page.");
      unreadable.ifPresent(notices::add);
      return new Section("feeds", "Feeds", List.of(), notices, List.of(), List.of());
    }
    unreadable.ifPresent(notices::add);
    if (listed.size() >= MAX_KEYS) {
      // Keys are listed in order: past the limit, the users whose ids sort last were left out.
      notices.add(String.format(java.util.Locale.ROOT, "The store holds more than %,d feed pages,"
          + " the most this report lists: users whose ids sort after %s are left out of these"
          + " figures.", MAX_KEYS, listed.get(listed.size() - 1)));
    }
    // Every stored first page counts, whichever run stamped it: an incremental run leaves an
    // unchanged feed as stored, with its earlier run's stamp, and deletes the feeds of users who
    // are no longer active, so the store holds exactly the newest run's feeds.
    CacheDocument newest = documents.stream()
        .max(Comparator.comparing(CacheDocument::computedAt)).orElseThrow();
    long unchanged = documents.stream().filter(d -> !d.runId().equals(newest.runId())).count();
    if (unchanged > 0) {
      notices.add(unchanged + " of these feeds were unchanged by the newest feeds run and keep the"
          + " stamp of the run that wrote them (incremental runs write only what changed).");
    }
    int pageSize = mostCommon(feeds, FeedPage::pageSize);
    List<String> about = List.of("From the first page of every feed in the store (feed:{uid}:0),"
        + " as the newest feeds run, " + newest.runId() + ", as of " + newest.asOf() + ", left"
        + " them: the feeds job keeps one for every user active at that time and deletes the"
        + " others, so these are the active users. Feeds are "
        + "the current state, not a history: the date range does not apply. A short feed has "
        + "fewer candidates than one page (" + pageSize + ").");
    return new Section("feeds", "Feeds", about, notices,
        List.of(lengths(feeds, pageSize), pages(feeds)), List.of(shares(feeds, pageSize)));
  }

  static Table shares(List<FeedPage> feeds, int pageSize) {
    long empty = feeds.stream().filter(f -> f.totalCandidates() == 0).count();
    long shortFeeds = feeds.stream()
        .filter(f -> f.totalCandidates() > 0 && f.totalCandidates() < pageSize).count();
    double total = feeds.size();
    return new Table("Active users with an empty or short feed", List.of(Column.text("feeds"),
        new Column("users", Format.COUNT), new Column("share of active users", Format.PERCENT)),
        List.of(List.of("all (active users)", (long) feeds.size(), 1.0),
            List.of("empty (0 candidates)", empty, empty / total),
            List.of("short (1 to " + (pageSize - 1) + " candidates)", shortFeeds, shortFeeds / total),
            List.of("empty or short", empty + shortFeeds, (empty + shortFeeds) / total)));
  }

  /** Users per feed length, in bins one page wide (0, and short feeds, each a bin of their own). */
  static Chart lengths(List<FeedPage> feeds, int pageSize) {
    int longest = feeds.stream().mapToInt(FeedPage::totalCandidates).max().orElse(0);
    List<String> bins = new ArrayList<>();
    for (int bin = 0; bin <= binOf(longest, pageSize); bin++) {
      bins.add(label(bin, pageSize));
    }
    long[] users = new long[bins.size()];
    feeds.forEach(feed -> users[binOf(feed.totalCandidates(), pageSize)]++);
    return histogram("feed-lengths", "Feed length distribution", "candidates in the feed "
        + "(bins of one page, " + pageSize + ")", bins, users, feeds.size(), "Users by how many "
        + "candidates their feed holds (totalCandidates of feed:{uid}:0).");
  }

  static int binOf(int candidates, int pageSize) {
    if (pageSize == 1 || candidates == 0) {
      return candidates;
    }
    return candidates < pageSize ? 1 : 1 + candidates / pageSize;
  }

  static String label(int bin, int pageSize) {
    if (pageSize == 1 || bin == 0) {
      return String.valueOf(bin);
    }
    int low = bin == 1 ? 1 : (bin - 1) * pageSize;
    int high = bin == 1 ? pageSize - 1 : bin * pageSize - 1;
    return low == high ? String.valueOf(low) : low + "–" + high;
  }

  /** Users per page count. */
  static Chart pages(List<FeedPage> feeds) {
    Map<Integer, Long> byCount = feeds.stream()
        .collect(Collectors.groupingBy(FeedPage::pageCount, Collectors.counting()));
    int most = byCount.keySet().stream().max(Integer::compare).orElse(1);
    List<String> bins = new ArrayList<>();
    long[] users = new long[most];
    for (int count = 1; count <= most; count++) {
      bins.add(String.valueOf(count));
      users[count - 1] = byCount.getOrDefault(count, 0L);
    }
    return histogram("feed-pages", "Pages per feed", "pages (pageCount)", bins, users,
        feeds.size(), "Users by the page count of their feed (pageCount of feed:{uid}:0); an "
        + "empty feed still has its page 0.");
  }

  private static Chart histogram(String id, String title, String xName, List<String> bins,
      long[] users, int total, String description) {
    List<Long> counts = Arrays.stream(users).boxed().toList();
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < bins.size(); i++) {
      rows.add(List.of(bins.get(i), users[i], users[i] / (double) total));
    }
    Table table = new Table(title, List.of(Column.text(xName), new Column("users", Format.COUNT),
        new Column("share of active users", Format.PERCENT)), rows);
    return new Chart(id, title, description, xName, bins, "active users (users)", Format.COUNT,
        List.of(Series.bar("users", counts)), List.of(), table);
  }

  private static int mostCommon(List<FeedPage> feeds, Function<FeedPage, Integer> figure) {
    return feeds.stream().collect(Collectors.groupingBy(figure, Collectors.counting()))
        .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
