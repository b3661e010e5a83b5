package org.dataright.fabric.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

class LowSEcdsaTest {
    private static final byte[] MESSAGE = "a registration act".getBytes(StandardCharsets.UTF_8);

    private static KeyPair keys(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static BigInteger[] rs(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        return new BigInteger[] {
            ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(), ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()};
    }

    private static byte[] der(BigInteger r, BigInteger s) throws Exception {
        return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
    }

    @Test
    void p256SignaturesAreLowSDeterministicAndCheckedByTheJdkToo() throws Exception {
        KeyPair keys = keys("secp256r1");
        BigInteger halfOrder = ((ECPublicKey) keys.getPublic()).getParams().getOrder().shiftRight(1);
        for (int i = 0; i < 50; i++) {
            byte[] message = ("act " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = LowSEcdsa.sign(keys.getPrivate(), message);
            assertThat(rs(signature)[1]).isLessThanOrEqualTo(halfOrder);
            assertThat(LowSEcdsa.sign(keys.getPrivate(), message)).isEqualTo(signature);
            assertThat(LowSEcdsa.verify(keys.getPublic(), message, signature)).isTrue();
            Signature jdk = Signature.getInstance("SHA256withECDSA");
            jdk.initVerify(keys.getPublic());
            jdk.update(message);
            assertThat(jdk.verify(signature)).as("the JDK accepts our signature").isTrue();
        }
    }

    @Test
    void jdkSignaturesVerifyAndTheirHighSFormIsRefusedOnlyByTheFabricRule() throws Exception {
        KeyPair keys = keys("secp256r1");
        BigInteger order = ((ECPublicKey) keys.getPublic()).getParams().getOrder();
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initSign(keys.getPrivate());
        jdk.update(MESSAGE);
        BigInteger[] rs = rs(jdk.sign());
        BigInteger low = rs[1].min(order.subtract(rs[1]));
        byte[] lowS = der(rs[0], low);
        byte[] highS = der(rs[0], order.subtract(low));

        assertThat(LowSEcdsa.verify(keys.getPublic(), MESSAGE, lowS)).isTrue();
        assertThat(LowSEcdsa.verify(keys.getPublic(), MESSAGE, highS)).isFalse();
        assertThat(LowSEcdsa.verifyAnyS(keys.getPublic(), MESSAGE, highS)).isTrue();
    }

    @Test
    void wrongKeyAlteredMessageAndNonDerEncodingsAreRefused() throws Exception {
        KeyPair keys = keys("secp256r1");
        byte[] signature = LowSEcdsa.sign(keys.getPrivate(), MESSAGE);
        assertThat(LowSEcdsa.verify(keys("secp256r1").getPublic(), MESSAGE, signature)).isFalse();
        assertThat(LowSEcdsa.verify(keys.getPublic(), "another act".getBytes(StandardCharsets.UTF_8), signature)).isFalse();

        byte[] trailing = java.util.Arrays.copyOf(signature, signature.length + 1);
        assertThat(LowSEcdsa.verify(keys.getPublic(), MESSAGE, trailing)).isFalse();
        // BER's long-form length for a short sequence: same integers, not DER.
        byte[] longForm = new byte[signature.length + 1];
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        longForm[2] = signature[1];
        System.arraycopy(signature, 2, longForm, 3, signature.length - 2);
        assertThat(LowSEcdsa.verify(keys.getPublic(), MESSAGE, longForm)).isFalse();
        assertThat(LowSEcdsa.verify(keys.getPublic(), MESSAGE, new byte[0])).isFalse();
        assertThat(LowSEcdsa.verify(keys.getPublic(), MESSAGE, der(BigInteger.ZERO, BigInteger.ONE))).isFalse();
    }

    @Test
    void otherCurvesGoThroughTheJdkAndOtherKeyTypesAreRefused() throws Exception {
        KeyPair p384 = keys("secp384r1");
        byte[] signature = LowSEcdsa.sign(p384.getPrivate(), MESSAGE);
        assertThat(LowSEcdsa.verify(p384.getPublic(), MESSAGE, signature)).isTrue();
        assertThat(LowSEcdsa.verify(keys("secp256r1").getPublic(), MESSAGE, signature)).isFalse();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaKeys = rsa.generateKeyPair();
        assertThat(LowSEcdsa.verify(rsaKeys.getPublic(), MESSAGE, signature)).isFalse();
        assertThatThrownBy(() -> LowSEcdsa.sign(rsaKeys.getPrivate(), MESSAGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an elliptic-curve key");
    }
}
