package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheKey;

/**
 * A page of a list was asked for as part of a version of the list that is no longer the stored
 * one ({@link PageRead.Consistency#LIST_CHANGED}: start again from page 0), or while the list is
 * being written ({@link PageRead.Consistency#STORE_MIXED}: retry shortly).
 */
public final class ListChangedException extends RuntimeException {
  private final transient PageRead read;

  ListChangedException(CacheKey key, String expected, PageRead read) {
    super(key + " is not of list version " + expected + ": "
        + (read.consistency() == PageRead.Consistency.LIST_CHANGED
            ? "the list is now " + read.listVersion() + "; read it again from page 0"
            : "the list is being written; retry shortly"), null, false, false);
    this.read = read;
  }

  /** What the check found. */
  public PageRead read() {
    return read;
  }
}
