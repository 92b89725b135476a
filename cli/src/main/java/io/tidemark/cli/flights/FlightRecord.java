package io.tidemark.cli.flights;

/**
 * One record of a flights input: either a parsed {@link Flight} or a {@link MalformedRecord}
 * that says why the record at its offset could not be parsed. Readers never throw for a bad
 * record; they return a {@code MalformedRecord} so that one bad record never stops a job and
 * offsets stay stable (malformed records count as records).
 *
 * <p>Both cases are immutable records and thus thread-safe; {@code equals} is by value, so two
 * reads of the same offset compare equal.
 */
public sealed interface FlightRecord permits Flight, MalformedRecord {}
