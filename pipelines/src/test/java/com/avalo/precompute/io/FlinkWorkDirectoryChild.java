package com.avalo.precompute.io;

import java.nio.file.Path;

/**
 * Another JVM for {@link FlinkWorkDirectoryTest}: {@code hold ROOT} makes a working directory
 * under ROOT, prints it and waits to be ended; {@code sweep ROOT} prints what a sweep deletes.
 */
public final class FlinkWorkDirectoryChild {
  private FlinkWorkDirectoryChild() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    if (args[0].equals("sweep")) {
      System.out.println(FlinkWorkDirectory.deleteAbandoned(root));
      return;
    }
    Path made = FlinkWorkDirectory.create(root).path();
    // As a long run does: the instance is long unreachable and many collections have run, which
    // must not close the locked channel (an unreachable FileChannel's cleaner would).
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    System.out.println(made);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
