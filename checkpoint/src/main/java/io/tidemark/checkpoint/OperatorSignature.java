package io.tidemark.checkpoint;

import java.util.Objects;

/**
 * One stateful operator of a job's graph as a metadata checkpoint records it, so that a restart
 * with changed code can match state to operators by uid and refuse a changed state type.
 *
 * <p>Immutable and thread-safe.
 *
 * @param operatorUid the operator's stable uid; never {@code null}
 * @param kind what the operator is, e.g. {@code "updateStateByKey"}; never {@code null}
 * @param keyClass the class name of the state keys; never {@code null}
 * @param valueClass the class name of the state values; never {@code null}
 */
public record OperatorSignature(String operatorUid, String kind, String keyClass,
    String valueClass) {

  /** @throws NullPointerException if any field is {@code null} */
  public OperatorSignature {
    Objects.requireNonNull(operatorUid, "operatorUid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keyClass, "keyClass");
    Objects.requireNonNull(valueClass, "valueClass");
  }
}
