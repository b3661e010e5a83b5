package org.dataright.evidence.log;

import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.time.Clock;

/**
 * A witness's Ed25519 cosigning key, cosignature/v1 (type 0x04): it signs a checkpoint text with
 * the time of signing. A cosigner states that, at that time, this is the largest consistent tree it
 * has seen for the origin, so the caller signs only checkpoints it checked (see tlog-witness).
 * Holds the private key; its {@link #toString()} does not show it.
 */
public final class CosignatureSigner implements NoteSigner {
    private final PrivateKey key;
    private final CosignatureVerifier verifier;
    private final Clock clock;

    private CosignatureSigner(String name, byte[] seed, Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("a cosigner needs a clock");
        }
        this.key = Ed25519.privateKey(seed);
        this.verifier = CosignatureVerifier.of(name, Ed25519.publicKeyOf(seed));
        this.clock = clock;
    }

    public static CosignatureSigner generate(String name, Clock clock) {
        return new CosignatureSigner(name, Ed25519.newSeed(), clock);
    }

    /** The cosigner of a 32-byte RFC 8032 private key (seed). */
    public static CosignatureSigner fromSeed(String name, byte[] seed, Clock clock) {
        return new CosignatureSigner(name, seed, clock);
    }

    @Override
    public String name() {
        return verifier.name();
    }

    @Override
    public int keyId() {
        return verifier.keyId();
    }

    /** Cosigns at the clock's current second. */
    @Override
    public byte[] sign(byte[] text) {
        return sign(text, clock.instant().getEpochSecond());
    }

    /** Cosigns stating {@code timestamp} (seconds since the epoch); the result is the timestamp ‖ Ed25519 signature. */
    public byte[] sign(byte[] text, long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp " + timestamp + " must not be negative");
        }
        byte[] sig = Ed25519.sign(key, CosignatureVerifier.message(text, timestamp));
        return ByteBuffer.allocate(CosignatureVerifier.TIMESTAMP_SIZE + sig.length).putLong(timestamp).put(sig).array();
    }

    @Override
    public CosignatureVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "CosignatureSigner[" + verifier.vkey() + "]";
    }
}
