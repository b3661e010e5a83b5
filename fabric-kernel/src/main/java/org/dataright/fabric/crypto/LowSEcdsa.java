package org.dataright.fabric.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * ECDSA over SHA-256 with Fabric's low-S rule: a signature whose S exceeds half the curve order is
 * rejected by Fabric ({@code bccsp/sw/ecdsa.go}), and Java's {@link Signature} does not normalise S.
 *
 * <p>P-256 keys, the only curve Fabric's default MSP issues, go through Bouncy Castle's lightweight
 * ECDSA on its special-form P-256 arithmetic: about ten times faster than the JDK 17 provider, which
 * matters because every transaction costs several checks. Signing uses deterministic k (RFC 6979).
 * Other curves use the JDK provider.
 */
public final class LowSEcdsa {
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters P256_DOMAIN =
            new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
    /** Decoded public points keep Bouncy Castle's precomputation, so a known signer verifies faster. */
    private static final Map<ECPublicKey, ECPublicKeyParameters> PUBLIC_KEYS =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ECPublicKey, ECPublicKeyParameters> eldest) {
                    return size() > 4096;
                }
            });

    private LowSEcdsa() {
    }

    /** Signs {@code message} and returns a DER signature with S in the lower half of the order. */
    public static byte[] sign(PrivateKey key, byte[] message) {
        BigInteger order = order(key);
        if (isP256(key)) {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, new ECPrivateKeyParameters(((ECPrivateKey) key).getS(), P256_DOMAIN));
            BigInteger[] rs = signer.generateSignature(sha256(message));
            return toLowS(encode(rs[0], rs[1]), order);
        }
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(message);
            return toLowS(signer.sign(), order);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** True only when the signature is strict DER, low-S, and verifies under {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            BigInteger[] rs = decode(signature);
            if (rs[1].compareTo(order(key).shiftRight(1)) > 0) {
                return false;
            }
            return verifyAnyS(key, message, rs);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * True when {@code signature} (strict DER) verifies under {@code key}, whatever its S: X.509
     * certificate signatures are not bound by Fabric's low-S rule.
     */
    public static boolean verifyAnyS(PublicKey key, byte[] message, byte[] signature) {
        try {
            return verifyAnyS(key, message, decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean verifyAnyS(PublicKey key, byte[] message, BigInteger[] rs) {
        if (isP256(key)) {
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, publicParameters((ECPublicKey) key));
            return verifier.verifySignature(sha256(message), rs[0], rs[1]);
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(encode(rs[0], rs[1]));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static byte[] toLowS(byte[] der, BigInteger order) {
        BigInteger[] rs = decode(der);
        if (rs[1].compareTo(order.shiftRight(1)) <= 0) {
            return der;
        }
        return encode(rs[0], order.subtract(rs[1]));
    }

    private static ECPublicKeyParameters publicParameters(ECPublicKey key) {
        return PUBLIC_KEYS.computeIfAbsent(key, k -> new ECPublicKeyParameters(
                P256.getCurve().validatePoint(k.getW().getAffineX(), k.getW().getAffineY()), P256_DOMAIN));
    }

    private static boolean isP256(java.security.Key key) {
        if (!(key instanceof ECKey ec) || ec.getParams() == null) {
            return false;
        }
        ECParameterSpec p = ec.getParams();
        return p.getOrder().equals(P256.getN())
                && p.getCurve().getB().equals(P256.getCurve().getB().toBigInteger())
                && p.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger());
    }

    private static BigInteger order(java.security.Key key) {
        if (!(key instanceof ECKey)) {
            throw new IllegalArgumentException("not an elliptic-curve key: " + key.getAlgorithm());
        }
        return ((ECKey) key).getParams().getOrder();
    }

    private static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The two integers of a DER signature; anything that is not exactly their DER encoding is refused. */
    private static BigInteger[] decode(byte[] der) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() != 2) {
                throw new IllegalArgumentException("an ECDSA signature is a sequence of two integers");
            }
            BigInteger[] rs = {
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
            };
            if (!Arrays.equals(encode(rs[0], rs[1]), der)) {
                throw new IllegalArgumentException("the ECDSA signature is not in DER form");
            }
            return rs;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed ECDSA signature: " + e.getMessage(), e);
        }
    }

    private static byte[] encode(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
