package org.dataright.evidence.fabric;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * ECDSA over SHA-256 with Fabric's low-S rule: a signature whose S exceeds half the curve order is
 * rejected by Fabric ({@code bccsp/sw/ecdsa.go}), and Java's {@link Signature} does not normalise S.
 */
public final class LowSEcdsa {
    private LowSEcdsa() {
    }

    /** Signs {@code message} and returns a DER signature with S in the lower half of the order. */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(message);
            return toLowS(signer.sign(), order(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** True only when the signature is valid DER, low-S, and verifies under {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            BigInteger[] rs = decode(signature);
            if (rs[1].compareTo(order(key).shiftRight(1)) > 0) {
                return false;
            }
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
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

    private static BigInteger order(java.security.Key key) {
        if (!(key instanceof ECKey)) {
            throw new IllegalArgumentException("not an elliptic-curve key: " + key.getAlgorithm());
        }
        return ((ECKey) key).getParams().getOrder();
    }

    private static BigInteger[] decode(byte[] der) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() != 2) {
                throw new IllegalArgumentException("an ECDSA signature is a sequence of two integers");
            }
            return new BigInteger[] {
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()
            };
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
