import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/**
 * Inserts the same documents, in batches of 500 per transaction (as a run's store writer does),
 * into SQLite tables laid out in different ways, and prints the time and file size of each. A
 * layout named with "random" gets the keys in a random order, the others in key order; with
 * "16k" (any number), pages of 16 KiB. Run by bench/store/run.sh.
 */
public class SqliteLayoutBench {
  public static void main(String[] args) throws Exception {
    int documents = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    String[] layouts = args.length > 2 ? args[2].split(",") : new String[] {"first", "rowid16k"};
    Files.createDirectories(dir);
    for (int repeat = 0; repeat < 2; repeat++) {
      for (String layout : layouts) {
        Path file = dir.resolve(layout + ".db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
          Files.deleteIfExists(Path.of(file + suffix));
        }
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
          try (Statement statement = connection.createStatement()) {
            java.util.regex.Matcher pages = java.util.regex.Pattern.compile("(\\d+)k").matcher(layout);
            if (pages.find()) {
              statement.execute("PRAGMA page_size = " + Integer.parseInt(pages.group(1)) * 1024);
            }
            java.util.regex.Matcher cache = java.util.regex.Pattern.compile("cache(\\d+)m").matcher(layout);
            if (cache.find()) {  // SQLite's page cache, in KiB when negative (default 2 MiB)
              statement.execute("PRAGMA cache_size = -" + Integer.parseInt(cache.group(1)) * 1024);
            }
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
            statement.execute(layout.startsWith("rowid")
                ? "CREATE TABLE cache_documents (key TEXT NOT NULL UNIQUE, type TEXT NOT NULL,"
                    + " expires_at_ms INTEGER NOT NULL, content_hash TEXT NOT NULL,"
                    + " document TEXT NOT NULL)"
                : "CREATE TABLE cache_documents (key TEXT PRIMARY KEY, type TEXT NOT NULL,"
                    + " expires_at_ms INTEGER NOT NULL, content_hash TEXT NOT NULL,"
                    + " document TEXT NOT NULL) WITHOUT ROWID");
          }
          java.util.regex.Matcher txn = java.util.regex.Pattern.compile("txn(\\d+)").matcher(layout);
          insert(connection, documents, layout.contains("random"),
              txn.find() ? Integer.parseInt(txn.group(1)) : 500);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = Files.size(file);
        System.out.printf("repeat=%d layout=%s documents=%d seconds=%.2f fileMiB=%.0f%n",
            repeat, layout, documents, seconds, bytes / 1048576.0);
      }
    }
  }

  private static void insert(Connection connection, int documents, boolean randomOrder,
      int perTransaction) throws Exception {
    connection.setAutoCommit(false);
    Random random = new Random(42);
    int[] order = new int[documents];
    for (int i = 0; i < documents; i++) {
      order[i] = i;
    }
    if (randomOrder) {  // as documents leave a run's jobs when no sort by key precedes the writer
      Random shuffle = new Random(7);
      for (int i = documents - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
    }
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO cache_documents (key, type, expires_at_ms, content_hash, document)"
            + " VALUES (?, ?, ?, ?, CAST(? AS TEXT)) ON CONFLICT(key) DO UPDATE SET"
            + " type = excluded.type, expires_at_ms = excluded.expires_at_ms,"
            + " content_hash = excluded.content_hash, document = excluded.document")) {
      for (int i = 0; i < documents; i++) {
        // Sizes spread as the stores' are: small counts and stats, profile cards, feed pages.
        int size = 300 + random.nextInt(4200);
        byte[] document = new byte[size];
        for (int b = 0; b < size; b++) {
          document[b] = (byte) ('a' + random.nextInt(26));
        }
        upsert.setString(1, String.format("feed:u%08d:%d", order[i] / 8, order[i] % 8));
        upsert.setString(2, "feed");
        upsert.setLong(3, 1_800_000_000_000L);
        upsert.setString(4, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        upsert.setBytes(5, document);
        upsert.addBatch();
        if (i % perTransaction == perTransaction - 1) {
          upsert.executeBatch();
          connection.commit();
        }
      }
      upsert.executeBatch();
      connection.commit();
    }
  }
}
