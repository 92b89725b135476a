package io.tidemark.streaming.receiver;

import java.util.List;

/**
 * One block of records cut by a {@link BlockGenerator} or stored as a whole by a receiver.
 *
 * @param streamId the input stream (receiver) it belongs to
 * @param blockId sequence number of the block within its stream, from 0
 * @param records the records, in the order received
 */
public record ReceivedBlock<T>(int streamId, long blockId, List<T> records) {}
