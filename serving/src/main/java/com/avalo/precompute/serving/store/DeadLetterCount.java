package com.avalo.precompute.serving.store;

/**
 * Dead letters of one run from one collection with one kind of reason, as the {@link RunLedger}
 * keeps them: reasons name the values they are about, so they are grouped with those values
 * masked ({@link DeadLetterReasons#kindOf}), with one full reason as an example.
 *
 * @param collection the source collection, or {@code cache} for documents the writer refused
 * @param reason the kind of reason, its particular values masked
 * @param count how many dead letters
 * @param example one full reason as written
 */
public record DeadLetterCount(String collection, String reason, long count, String example) {}
