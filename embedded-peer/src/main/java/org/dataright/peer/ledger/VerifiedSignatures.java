package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.ValidIdentity;

/**
 * Signatures this process already knows to hold, so that each is verified once: a transaction's
 * creator signature checked when the orderer took the envelope is not checked again when its block
 * is validated, and an endorsement this peer signed itself is not checked at all.
 *
 * <p>An entry is the SHA-256 of the signer's serialized identity, the signed bytes and the signature
 * (each length-prefixed), so only the very same three bytes find it: an envelope changed anywhere,
 * or signed by another identity, is verified in full (and fails if it was tampered with). Entries are
 * added only after a verification succeeded or by this peer's own signer. The signer's identity is
 * still validated on every call (the membership caches its chain and checks its validity period at
 * the instant given): only the signature arithmetic is skipped. Nothing is kept on disk, so an
 * envelope another process ordered is verified in full; recovery does not validate blocks again (it
 * reads the codes they were committed with).
 *
 * <p>Bounded: two generations of {@code generationSize} entries; when the newest is full the oldest
 * is dropped, and what was dropped is simply verified again. Thread-safe.
 */
public final class VerifiedSignatures {
    private final int generationSize;
    private volatile Set<ByteString> current = ConcurrentHashMap.newKeySet();
    private volatile Set<ByteString> previous = Set.of();
    private final LongAdder verified = new LongAdder();
    private final LongAdder reused = new LongAdder();

    public VerifiedSignatures(int generationSize) {
        if (generationSize < 1) {
            throw new IllegalArgumentException("a generation must hold at least one signature, not " + generationSize);
        }
        this.generationSize = generationSize;
    }

    /**
     * Validates {@code signer} at {@code at} and checks that {@code signature} is its signature over
     * {@code message}, unless this exact signature is already known to hold.
     */
    public ValidIdentity verify(ChannelMembership membership, ByteString signer, ByteString message, ByteString signature,
            Instant at) throws IdentityException {
        ByteString key = key(signer, message, signature);
        if (known(key)) {
            ValidIdentity identity = membership.validate(signer, at);
            reused.increment();
            return identity;
        }
        ValidIdentity identity = membership.verify(signer, message.toByteArray(), signature.toByteArray(), at);
        verified.increment();
        add(key);
        return identity;
    }

    /** Remembers a signature this process made itself with {@code signer}'s key over exactly {@code message}. */
    public void signed(ByteString signer, ByteString message, ByteString signature) {
        add(key(signer, message, signature));
    }

    /** Signatures checked in full so far (for benchmarks and tests). */
    public long verifiedCount() {
        return verified.sum();
    }

    /** Verifications saved so far: signatures found already known. */
    public long reusedCount() {
        return reused.sum();
    }

    private boolean known(ByteString key) {
        return current.contains(key) || previous.contains(key);
    }

    private void add(ByteString key) {
        Set<ByteString> newest = current;
        newest.add(key);
        if (newest.size() >= generationSize) {
            synchronized (this) {
                if (current == newest) {
                    previous = newest;
                    current = ConcurrentHashMap.newKeySet();
                }
            }
        }
    }

    private static ByteString key(ByteString signer, ByteString message, ByteString signature) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (ByteString part : new ByteString[] {signer, message, signature}) {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, part.size()));
            sha256.update(part.asReadOnlyByteBuffer());
        }
        return ByteString.copyFrom(sha256.digest());
    }
}
