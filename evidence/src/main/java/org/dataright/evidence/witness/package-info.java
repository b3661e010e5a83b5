/**
 * Witnessing the transparency log (c2sp.org/tlog-witness): the {@link org.dataright.evidence.witness.Witness}
 * that decides whether to cosign a checkpoint, its durable {@link org.dataright.evidence.witness.FileWitnessStore},
 * and the log side's client that collects cosignatures. {@code dpr witness} and the registry service's
 * local witness both run this code.
 */
package org.dataright.evidence.witness;
