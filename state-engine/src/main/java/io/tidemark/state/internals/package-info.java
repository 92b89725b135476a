/**
 * Implementations of the state SPI: the RocksDB and in-memory stores and backends, and the
 * owner of RocksDB's native resources. Not an API: obtain backends from
 * {@link io.tidemark.state.StateBackends}; types here may change without notice.
 */
package io.tidemark.state.internals;
