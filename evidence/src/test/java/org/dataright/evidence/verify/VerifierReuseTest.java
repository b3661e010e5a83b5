package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fixture.FabricBlocks;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.Tamper;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A verifier remembers the certificate chains it found valid. Reusing one must change no verdict:
 * every signature of each certificate is still checked, and a remembered chain does not make a
 * certificate valid at a time outside its validity.
 */
class VerifierReuseTest {
    private Registration reg;
    private TestNetwork net;
    private IssuerKey issuerKey;
    private Verifier verifier;

    @BeforeEach
    void verifierThatHasSeenAValidCertificate() {
        reg = Registration.create();
        net = reg.network();
        issuerKey = net.issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256);
        verifier = Verifier.forBundle(net.bundle());
        assertThat(verifier.verify(reg.certificate().toJson()).passed()).isTrue();
    }

    @Test
    void theSameCreatorsBadSignatureStillFails() throws Exception {
        Envelope original = Envelope.parseFrom(reg.envelope());
        ByteString highS = ByteString.copyFrom(Tamper.highS(original.getSignature().toByteArray()));
        ByteString forged = original.toBuilder().setSignature(highS).build().toByteString();
        Block block = FabricBlocks.block(1, FabricBlocks.hashOf(reg.configBlock()), List.of(forged), new byte[] {0},
                net.orderer);

        VerificationResult result = verifier.verify(CertificateIssuer.issue(block, 0, TxValidationCode.VALID, reg.act(),
                issuerKey, Registration.ISSUED_AT).toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("creator-signature");
        assertThat(result.check(CheckName.CREATOR_CHAIN).orElseThrow().passed()).isTrue();
    }

    @Test
    void aRememberedIssuerChainDoesNotCoverATimeAfterTheIssuerExpired() {
        Instant late = Instant.parse("2036-06-01T00:00:00Z");

        VerificationResult result = verifier.verify(CertificateIssuer.issue(reg.block1(), 1, TxValidationCode.VALID,
                reg.act(), issuerKey, late).toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("issuer-chain");
        assertThat(result.check(CheckName.ISSUER_CHAIN).orElseThrow().reason()).contains("had expired at " + late);
    }

    @Test
    void aRememberedCreatorChainDoesNotCoverATimeBeforeTheCertificatesWereValid() {
        Instant early = Instant.parse("2025-12-15T00:00:00Z");
        String assetId = Registration.ASSET_ID;
        String holder = net.client.mspId() + "::" + net.client.certificate().getSubjectX500Principal().getName();
        String assetJson = "{\"id\":\"" + assetId + "\",\"sha256\":\"" + reg.digests().sha256() + "\",\"sm3\":\""
                + reg.digests().sm3() + "\",\"manifestRoot\":\"" + reg.digests().manifestRoot() + "\"}";
        Map<String, String> writes = TestNetwork.registrationWrites(assetId, holder, assetJson, reg.digests().sha256());
        String event = "{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + Registration.RIGHT_ID + "\",\"actId\":null}";
        FabricBlocks.Tx tx = FabricBlocks.endorserTransaction(TestNetwork.CHANNEL, TestNetwork.CHAINCODE, net.client,
                List.of(net.peer1, net.peer2), List.of("registerAsset", assetJson),
                new FabricBlocks.Simulation(writes, "REGISTER_ASSET", event), early);
        Block block = FabricBlocks.block(1, FabricBlocks.hashOf(reg.configBlock()), List.of(tx.envelope()), new byte[] {0},
                net.orderer);

        VerificationResult result = verifier.verify(CertificateIssuer.issue(block, 0, TxValidationCode.VALID, reg.act(),
                issuerKey, Registration.ISSUED_AT).toJson());

        assertThat(result.check(CheckName.CREATOR_CHAIN).orElseThrow().reason()).contains("is not yet valid at " + early);
        assertThat(result.check(CheckName.ENDORSEMENTS).orElseThrow().failed()).isTrue();
        assertThat(result.check(CheckName.ORDERER_SIGNATURE).orElseThrow().failed()).isTrue();
        assertThat(result.check(CheckName.CREATOR_SIGNATURE).orElseThrow().passed()).isTrue();
    }
}
