package com.avalo.precompute.io;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import org.junit.Test;

/** Where a file export is read from, whatever the working directory of the process reading it. */
public class ReadSourceLinesTest {

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
