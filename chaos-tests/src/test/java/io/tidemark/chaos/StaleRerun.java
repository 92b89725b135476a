package io.tidemark.chaos;

/**
 * A batch re-run for an operator whose state store (a partition of it) had already committed a
 * later batch, so the operator's output of that batch shows the later state (see README, "known
 * engine issue"). Keyed by operator uid and batch time (ms).
 */
record StaleRerun(String operatorUid, long batchTime) {}
