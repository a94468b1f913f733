package com.avalo.precompute.seed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import org.junit.Test;

public class SeedMutatorTest {
  /**
   * Two user ids with one 32-bit hash ("Aa" and "BB" share theirs) get records of their own: ids
   * hashed from uid.hashCode() collided at scale, and the job dead-lettered one of each pair.
   */
  @Test
  public void addedRecordsOfUsersWhoseIdsShareAHashHaveDistinctIds() {
    assertEquals("u_Aa".hashCode(), "u_BB".hashCode());
    assertNotEquals(SeedMutator.id(42, "u_Aa", 2), SeedMutator.id(42, "u_BB", 2));
    assertNotEquals("a world mutated twice gets new ids", SeedMutator.id(42, "u_Aa", 2),
        SeedMutator.id(43, "u_Aa", 2));
  }
}
