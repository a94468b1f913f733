package com.avalo.precompute.serving.http;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** One line per interval: for all subjects together, or for each subject on its own. */
public class ThrottledLogTest {
  private final List<String> lines = new ArrayList<>();
  private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
      new Class<?>[] {Logger.class}, (proxy, method, args) -> {
        if (method.getName().equals("warn") && args.length == 2 && args[1] instanceof Object[] values) {
          lines.add(MessageFormatter.arrayFormat((String) args[0], values).getMessage());
        }
        return method.getReturnType() == boolean.class ? true : null;
      });

  @Test
  public void aHotDocumentDoesNotHideAnotherOnesDetail() {
    ThrottledLog unreadable = ThrottledLog.perSubject(log, "unreadable document", Duration.ofHours(1));
    for (int i = 0; i < 100; i++) {
      unreadable.warn("feed:hot:0", "not JSON");
    }
    unreadable.warn("user:rare:tokens", "missing payload");
    assertEquals(List.of("unreadable document feed:hot:0: not JSON",
        "unreadable document user:rare:tokens: missing payload"), lines);
  }

  @Test
  public void anOutageIsOneLinePerIntervalWithTheCountSinceTheLast() {
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(-5);
    ThrottledLog outage = new ThrottledLog(log, "store unavailable answering",
        Duration.ofMillis(100), nanos::get);
    outage.warn("GET /v1/a", "down");
    outage.warn("GET /v1/b", "down");
    nanos.addAndGet(Duration.ofMillis(100).toNanos() - 1);
    outage.warn("GET /v1/c", "down");
    nanos.addAndGet(1);
    outage.warn("GET /v1/d", "down");
    assertEquals(List.of("store unavailable answering GET /v1/a: down",
        "store unavailable answering GET /v1/d: down (2 more like it since the last line, not"
            + " logged)"), lines);
  }
}
