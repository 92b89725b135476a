package io.tidemark.streaming.receiver;

import java.util.List;

/**
 * One block of received records: its {@link ReceivedBlockInfo} and, while the process that
 * received it runs, the records themselves; after a restart {@code records} is null and the
 * records are read back from the write-ahead log.
 *
 * @param info what the tracker logs of the block
 * @param records the records in arrival order, or null when only in the WAL
 * @param storedAtMs when the block was stored (0 when recovered from a log: unknown)
 */
public record ReceivedBlock(ReceivedBlockInfo info, List<?> records, long storedAtMs) {}
