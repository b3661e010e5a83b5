package org.dataright.fabric.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;

/** The algorithms an issuer may sign certificates with. Signatures are DER {@code SEQUENCE {r, s}} in both. */
public enum SignatureAlgorithm {
    /** ECDSA on NIST P-256 over SHA-256, S normalised to the lower half of the order as Fabric requires. */
    ECDSA_P256_SHA256(SECNamedCurves.getByName("secp256r1")),
    /** SM2 (GB/T 32918) on sm2p256v1 with SM3, signer id the GM/T 0009 default {@code 1234567812345678}. */
    SM2_SM3(GMNamedCurves.getByName("sm2p256v1"));

    private final X9ECParameters curve;

    SignatureAlgorithm(X9ECParameters curve) {
        this.curve = curve;
    }

    /** Null when {@code key} is a key on this algorithm's curve, otherwise why it is not. */
    public String keyProblem(Key key) {
        if (!(key instanceof ECKey ec)) {
            return "a " + name() + " key must be an elliptic-curve key, not " + key.getAlgorithm();
        }
        ECParameterSpec p = ec.getParams();
        boolean same = p != null
                && p.getOrder().equals(curve.getN())
                && p.getCurve().getField() instanceof ECFieldFp field
                && field.getP().equals(curve.getCurve().getField().getCharacteristic())
                && p.getCurve().getA().equals(curve.getCurve().getA().toBigInteger())
                && p.getCurve().getB().equals(curve.getCurve().getB().toBigInteger())
                && p.getGenerator().getAffineX().equals(curve.getG().getAffineXCoord().toBigInteger());
        return same ? null : "the key is not on the curve of " + name();
    }

    public byte[] sign(PrivateKey key, byte[] message) {
        String problem = keyProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (this == ECDSA_P256_SHA256) {
            return LowSEcdsa.sign(key, message);
        }
        try {
            Signature signer = Signature.getInstance("SM3withSM2", Pem.BC);
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with SM2: " + e.getMessage(), e);
        }
    }

    /** Null when the signature verifies, otherwise the reason it does not. */
    public String verifyProblem(PublicKey key, byte[] message, byte[] signature) {
        String problem = keyProblem(key);
        if (problem != null) {
            return problem;
        }
        if (this == ECDSA_P256_SHA256) {
            return LowSEcdsa.verify(key, message, signature) ? null
                    : "the ECDSA signature does not verify (or its S is high, which Fabric's rule refuses)";
        }
        try {
            Signature verifier = Signature.getInstance("SM3withSM2", Pem.BC);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature) ? null : "the SM2 signature does not verify";
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "the SM2 signature is malformed: " + e.getMessage();
        }
    }
}
