package org.dataright.fabric.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * The digital-signature example of GM/T 0003.2-2012 (GB/T 32918.2) appendix A.2: the 256-bit prime
 * curve of the example, signer id ALICE123@YAHOO.COM, message "message digest".
 */
class Sm2KnownAnswerTest {
    private static final ECCurve CURVE = new ECCurve.Fp(
            hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3"),
            hex("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498"),
            hex("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A"),
            hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7"), BigInteger.ONE);
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE,
            CURVE.createPoint(hex("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D"),
                    hex("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2")),
            hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7"));
    private static final BigInteger D = hex("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
    private static final BigInteger K = hex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F");
    private static final BigInteger R = hex("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1");
    private static final BigInteger S = hex("6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7");
    private static final byte[] ID = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message digest".getBytes(StandardCharsets.US_ASCII);

    @Test
    void thePublicKeyIsTheStandardsOne() {
        ECPoint p = DOMAIN.getG().multiply(D).normalize();
        assertThat(p.getAffineXCoord().toBigInteger()).isEqualTo(hex("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A"));
        assertThat(p.getAffineYCoord().toBigInteger()).isEqualTo(hex("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857"));
    }

    @Test
    void theStandardsSignatureVerifiesWithItsPublicKey() {
        SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE);
        verifier.init(false, new ParametersWithID(new ECPublicKeyParameters(DOMAIN.getG().multiply(D), DOMAIN), ID));
        verifier.update(MESSAGE, 0, MESSAGE.length);

        assertThat(verifier.verifySignature(rs(R, S))).isTrue();
        verifier.update(MESSAGE, 0, MESSAGE.length);
        assertThat(verifier.verifySignature(rs(R, S.add(BigInteger.ONE)))).isFalse();
    }

    @Test
    void signingWithTheStandardsRandomKReproducesItsSignature() throws Exception {
        SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
        signer.init(true, new ParametersWithID(new ParametersWithRandom(new ECPrivateKeyParameters(D, DOMAIN), fixed(K)), ID));
        signer.update(MESSAGE, 0, MESSAGE.length);

        assertThat(signer.generateSignature()).isEqualTo(rs(R, S));
    }

    @Test
    void ourSm2IssuerSignatureVerifiesAndRejectsAnotherMessage() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC", Pem.BC);
        generator.initialize(new java.security.spec.ECGenParameterSpec("sm2p256v1"));
        var keys = generator.generateKeyPair();
        byte[] signature = SignatureAlgorithm.SM2_SM3.sign(keys.getPrivate(), MESSAGE);

        assertThat(SignatureAlgorithm.SM2_SM3.verifyProblem(keys.getPublic(), MESSAGE, signature)).isNull();
        assertThat(SignatureAlgorithm.SM2_SM3.verifyProblem(keys.getPublic(), ID, signature)).isEqualTo("the SM2 signature does not verify");
        assertThat(SignatureAlgorithm.ECDSA_P256_SHA256.verifyProblem(keys.getPublic(), MESSAGE, signature))
                .isEqualTo("the key is not on the curve of ECDSA_P256_SHA256");
    }

    private static byte[] rs(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, out, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
        return out;
    }

    /** A "random" source that yields the standard's k, as the signer draws it (32 big-endian bytes). */
    private static SecureRandom fixed(BigInteger k) {
        byte[] bytes = BigIntegers.asUnsignedByteArray(32, k);
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] out) {
                System.arraycopy(bytes, 0, out, 0, out.length);
            }
        };
    }

    private static BigInteger hex(String h) {
        return new BigInteger(h, 16);
    }
}
