package io.tidemark.streaming.receiver;

import io.tidemark.wal.RecordHandle;

/**
 * What the {@link ReceivedBlockTracker} knows of one block, and logs: its stream, its id, how
 * many records it holds and, when the receiver write-ahead log is on, where the block is in it.
 *
 * @param streamId the receiver input stream (node id of its input DStream)
 * @param blockId sequence number of the block within its stream, unique across restarts
 * @param numRecords records in the block
 * @param walHandle the block's record in the receiver WAL, or null without the WAL
 */
public record ReceivedBlockInfo(int streamId, long blockId, int numRecords, RecordHandle walHandle) {}
