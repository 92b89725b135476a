/**
 * Checkpoints of a Tidemark job on any Hadoop {@code FileSystem} ({@code file://},
 * {@code hdfs://}, {@code s3a://}): metadata checkpoints ({@link
 * io.tidemark.checkpoint.MetadataCheckpointWriter}, {@link
 * io.tidemark.checkpoint.MetadataCheckpointReader}), incremental data checkpoints of state
 * stores ({@link io.tidemark.checkpoint.DataCheckpointWriter}, {@link
 * io.tidemark.checkpoint.DataCheckpointReader}) and the one-writer lease of a checkpoint
 * directory ({@link io.tidemark.checkpoint.CheckpointLease}), all reached through {@link
 * io.tidemark.checkpoint.CheckpointDirectory}. Nothing here knows about DStreams; the formats and
 * rules are in the module's README.
 */
package io.tidemark.checkpoint;
