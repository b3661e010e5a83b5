package org.dataright.evidence.log;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * RFC 8032 Ed25519 on raw 32-byte keys, with the JDK's implementation. The JDK takes keys only in
 * their DER forms, so the raw bytes are wrapped in the fixed SPKI / PKCS#8 prefixes; and it cannot
 * derive a public key from a seed, which Bouncy Castle (already a dependency) does.
 */
final class Ed25519 {
    static final int KEY_SIZE = 32;
    static final int SIGNATURE_SIZE = 64;

    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final ThreadLocal<Signature> SIGNATURE = ThreadLocal.withInitial(Ed25519::newSignature);

    private Ed25519() {
    }

    static byte[] newSeed() {
        byte[] seed = new byte[KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    static byte[] publicKeyOf(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    /** The public key, refused unless it is a valid curve point (the JDK checks that when a verification starts). */
    static PublicKey publicKey(String what, byte[] raw) {
        if (raw == null || raw.length != KEY_SIZE) {
            throw new IllegalArgumentException(what + " must be a " + KEY_SIZE + "-byte Ed25519 public key");
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
            SIGNATURE.get().initVerify(key);
            return key;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(what + " is not a valid Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's Ed25519 refused a well-formed key", e);
        }
    }

    static PrivateKey privateKey(byte[] seed) {
        if (seed == null || seed.length != KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is a " + KEY_SIZE + "-byte seed");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's Ed25519 refused a 32-byte seed", e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = SIGNATURE.get();
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature s = SIGNATURE.get();
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (SignatureException e) {
            // The JDK reports a malformed signature (for example S not below the group order) this way:
            // it is a signature that does not verify, which is the answer.
            return false;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a key checked when it was made was refused", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has Ed25519 since Java 15", e);
        }
    }
}
