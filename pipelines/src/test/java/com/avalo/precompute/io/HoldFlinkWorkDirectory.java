package com.avalo.precompute.io;

import java.nio.file.Path;

/**
 * Another JVM for {@link FlinkWorkDirectoryTest}: {@code hold ROOT} makes a working directory
 * under ROOT, prints it and waits to be ended; {@code sweep ROOT} prints what a sweep deletes.
 */
public final class HoldFlinkWorkDirectory {
  private HoldFlinkWorkDirectory() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    if (args[0].equals("sweep")) {
      System.out.println(FlinkWorkDirectory.deleteAbandoned(root));
      return;
    }
    System.out.println(FlinkWorkDirectory.create(root).path());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
