/**
 * A deterministic synthetic Avalo world for the precompute jobs, and a loader for it.
 *
 * <p>{@link com.avalo.precompute.seed.SeedGenerator} writes one NDJSON file per source
 * collection of {@code shared/data-model.md} plus {@code manifest.json}; the same
 * {@link com.avalo.precompute.seed.SeedConfig} always gives the same bytes.
 * {@link com.avalo.precompute.seed.FirestoreSeedLoader} puts such a directory into Firestore
 * (or its emulator).
 *
 * <p>Conventions of the files: ids are 20 characters of [A-Za-z0-9]; timestamps are RFC 3339
 * UTC at second precision, strictly before the config's anchor; money is in minor units;
 * {@code messages.ndjson} lines carry their {@code chatId}.
 *
 * <p>What the data is built to exercise: mutual eligibility (gender, interestedIn, age range,
 * distance) around twenty real cities; a Zipf popularity tail with a few celebrities holding
 * hundreds of chats; read markers that leave messages unread; emoji across preview cut-offs;
 * refunds and spends that never take a balance below zero; daily sessions over the activity
 * window for DAU/WAU/MAU and signup-cohort retention; and API calls with long-tailed latency
 * per endpoint and cache layer, some at the exact first second of an hour or a day.
 */
package com.avalo.precompute.seed;
