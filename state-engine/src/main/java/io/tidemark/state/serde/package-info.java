/**
 * Serialisation of state keys and values with Kryo 5, registration required:
 * {@link io.tidemark.state.serde.KryoRegistry} fixes which classes may be stored and their ids,
 * {@link io.tidemark.state.serde.KryoSerde} turns objects into deterministic bytes and back,
 * rejecting malformed bytes with {@link io.tidemark.state.serde.StateSerializationException}.
 */
package io.tidemark.state.serde;
