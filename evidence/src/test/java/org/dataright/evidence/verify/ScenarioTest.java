package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.fixture.FabricBlocks;
import org.dataright.evidence.fixture.Member;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.Tamper;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.fixture.TestPki;
import org.dataright.evidence.fixture.Timestamps;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioTest {
    private static Registration reg;
    private static TestNetwork net;
    private static IssuerKey issuerKey;

    @BeforeAll
    static void network() {
        reg = Registration.create();
        net = reg.network();
        issuerKey = net.issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    private static VerificationResult verify(String json) {
        return Verifier.forBundle(net.bundle()).verify(json);
    }

    private static Check check(VerificationResult result, CheckName name) {
        return result.check(name).orElseThrow();
    }

    @Test
    void aTransactionSwappedInFromAnotherBlockBreaksTheDataHash() {
        String other = Base64.getEncoder().encodeToString(reg.otherTx().envelope().toByteArray());
        VerificationResult result = verify(Tamper.resign(reg.certificate(), issuerKey, t -> {
            ObjectNode proof = (ObjectNode) t.get("proof");
            proof.put("envelope", other);
            ((ArrayNode) proof.get("blockEnvelopes")).set(1, proof.textNode(other));
            proof.put("transactionId", reg.otherTx().txId());
        }));

        assertThat(check(result, CheckName.BLOCK_DATA_HASH).failed()).isTrue();
        assertThat(check(result, CheckName.WRITTEN_STATE).failed()).as("the other transaction wrote another asset").isTrue();
        assertThat(check(result, CheckName.ISSUER_SIGNATURE).passed()).isTrue();
    }

    @Test
    void theProofOfAnotherBlockDoesNotProveThisTransaction() {
        EvidenceCertificate ofBlock2 = CertificateIssuer.issue(reg.block2(), 0, TxValidationCode.VALID,
                new org.dataright.evidence.certificate.ActRecord("REGISTER_ASSET", "A-1111other", null,
                        TestNetwork.assetKey("A-1111other"), null, List.of()), issuerKey, Registration.ISSUED_AT);
        VerificationResult result = verify(Tamper.resign(reg.certificate(), issuerKey,
                t -> t.set("proof", Tamper.tree(ofBlock2).get("proof"))));

        assertThat(check(result, CheckName.BLOCK_DATA_HASH).passed()).isTrue();
        assertThat(check(result, CheckName.WRITTEN_STATE).failed()).isTrue();
        assertThat(check(result, CheckName.ACT).reason()).contains("A-1111other");
    }

    @Test
    void aTrustBundleOfAnotherNetworkTrustsNothingInTheCertificate() {
        VerificationResult result = Verifier.forBundle(new TestNetwork().bundle()).verify(reg.certificate().toJson());

        assertThat(result.failures()).extracting(Check::name).contains("issuer-chain", "orderer-signature",
                "creator-chain", "endorsements", "endorsement-policy");
        assertThat(check(result, CheckName.CREATOR_CHAIN).reason()).contains("no trusted CA issued");
        assertThat(check(result, CheckName.BLOCK_DATA_HASH).passed()).isTrue();
    }

    @Test
    void aTrustBundleOfAnotherChannelRefusesTheCertificate() {
        TrustBundle bundle = net.bundle();
        TrustBundle otherChannel = new TrustBundle("other-channel", bundle.chaincode(), bundle.membership(),
                bundle.endorsementPolicy(), bundle.issuers(), bundle.timestampAuthorities());

        VerificationResult result = Verifier.forBundle(otherChannel).verify(reg.certificate().toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("channel-and-chaincode");
        assertThat(check(result, CheckName.CHANNEL_AND_CHAINCODE).reason())
                .isEqualTo("the trust bundle's channel is 'other-channel', the certificate's is 'registry'");
    }

    @Test
    void anEndorsementByAnOrganisationOutsideThePolicyDoesNotCount() {
        Registration outside = Registration.create(net, SignatureAlgorithm.ECDSA_P256_SHA256, List.of(net.peer1, net.peer3));

        VerificationResult result = verify(outside.certificate().toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("endorsement-policy");
        assertThat(check(result, CheckName.ENDORSEMENTS).passed()).isTrue();
        assertThat(check(result, CheckName.ENDORSEMENT_POLICY).reason()).contains("Org3MSP")
                .contains("do not satisfy AND('Org1MSP.peer', 'Org2MSP.peer')");
    }

    @Test
    void aClientEndorsingInsteadOfAPeerOrTheSamePeerTwiceDoesNotSatisfyThePolicy() {
        Registration client = Registration.create(net, SignatureAlgorithm.ECDSA_P256_SHA256, List.of(net.peer1, net.receiver));
        Registration twice = Registration.create(net, SignatureAlgorithm.ECDSA_P256_SHA256, List.of(net.peer1, net.peer1));

        assertThat(verify(client.certificate().toJson()).failures()).extracting(Check::name).containsExactly("endorsement-policy");
        assertThat(verify(twice.certificate().toJson()).failures()).extracting(Check::name).containsExactly("endorsement-policy");
    }

    @Test
    void aFileThatDiffersFailsTheFileCheckOnly() {
        byte[] changed = reg.content().clone();
        changed[12345] ^= 1;

        VerificationResult whole = Verifier.forBundle(net.bundle()).verify(reg.certificate().toJson(),
                Registration.digestsOf(changed));
        VerificationResult sm3Only = Verifier.forBundle(net.bundle()).verify(reg.certificate().toJson(),
                new FileDigests(null, Registration.digestsOf(changed).sm3(), null));
        VerificationResult same = Verifier.forBundle(net.bundle()).verify(reg.certificate().toJson(),
                new FileDigests(reg.digests().sha256(), null, null));

        assertThat(whole.failures()).extracting(Check::name).containsExactly("file-digests");
        assertThat(check(whole, CheckName.FILE_DIGESTS).reason()).startsWith("the file's sha256 is ");
        assertThat(check(sm3Only, CheckName.FILE_DIGESTS).reason()).startsWith("the file's sm3 is ");
        assertThat(check(same, CheckName.FILE_DIGESTS).reason()).isEqualTo("the file matches sha256");
    }

    @Test
    void aHighSCreatorSignatureIsRefusedAsFabricRefusesIt() throws Exception {
        Envelope env = Envelope.parseFrom(reg.envelope());
        ByteString highS = Envelope.newBuilder(env)
                .setSignature(ByteString.copyFrom(Tamper.highS(env.getSignature().toByteArray()))).build().toByteString();
        Block block = FabricBlocks.block(1, FabricBlocks.hashOf(reg.configBlock()), List.of(highS), new byte[] {0}, net.orderer);
        EvidenceCertificate cert = CertificateIssuer.issue(block, 0, TxValidationCode.VALID, reg.act(), issuerKey,
                Registration.ISSUED_AT);

        VerificationResult result = verify(cert.toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("creator-signature");
    }

    @Test
    void aHighSIssuerSignatureIsRefused() {
        VerificationResult result = verify(Tamper.keepSignature(reg.certificate(), t -> t.put("signature",
                Base64.getEncoder().encodeToString(Tamper.highS(reg.certificate().signature())))));

        assertThat(result.failures()).extracting(Check::name).containsExactly("issuer-signature");
    }

    @Test
    void anIssuerOutsideTheBundleIsNotTrusted() {
        TestPki.KeyAndCert rogueRoot = TestPki.rootCa("rogue issuer root", TestPki.Curve.P256);
        TestPki.KeyAndCert rogue = TestPki.leaf(rogueRoot, "rogue issuer", null, null);
        IssuerKey rogueKey = new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256, rogue.keys().getPrivate(),
                rogue.certificate(), List.of());
        EvidenceCertificate cert = CertificateIssuer.issue(reg.block1(), 1, TxValidationCode.VALID, reg.act(), rogueKey,
                Registration.ISSUED_AT);

        VerificationResult result = verify(cert.toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("issuer-chain");
    }

    @Test
    void aCreatorWhoseCertificateHadExpiredAtTheTransactionIsNotValid() {
        Member expired = Member.of("Org1MSP", TestPki.leaf(net.org1Ca, "expired client", "client", "enterprise",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z")));
        FabricBlocks.Tx tx = Registration.registerAsset(net, expired, List.of(net.peer1, net.peer2), Registration.ASSET_ID,
                reg.digests());
        Block block = FabricBlocks.block(1, FabricBlocks.hashOf(reg.configBlock()), List.of(tx.envelope()), new byte[] {0},
                net.orderer);

        VerificationResult result = verify(CertificateIssuer.issue(block, 0, TxValidationCode.VALID, reg.act(), issuerKey,
                Registration.ISSUED_AT).toJson());

        assertThat(result.failures()).extracting(Check::name).containsExactly("creator-chain");
        assertThat(check(result, CheckName.CREATOR_CHAIN).reason()).contains("had expired at 2026-11-23T10:00:00.123456789Z");
    }

    @Test
    void theIssuerRefusesAnInvalidTransactionOrAFilterThatDisagrees() {
        Block mvcc = FabricBlocks.block(1, FabricBlocks.hashOf(reg.configBlock()), List.of(reg.envelope()),
                new byte[] {(byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE}, net.orderer);

        assertThatThrownBy(() -> CertificateIssuer.issue(mvcc, 0, TxValidationCode.MVCC_READ_CONFLICT, reg.act(), issuerKey,
                Registration.ISSUED_AT)).hasMessageContaining("only VALID transactions are certified");
        assertThatThrownBy(() -> CertificateIssuer.issue(mvcc, 0, TxValidationCode.VALID, reg.act(), issuerKey,
                Registration.ISSUED_AT)).hasMessageContaining("TRANSACTIONS_FILTER does not record VALID");
        assertThatThrownBy(() -> CertificateIssuer.issue(reg.block1(), 1, TxValidationCode.VALID,
                new org.dataright.evidence.certificate.ActRecord("REGISTER_ASSET", "A-x", null, "no-such-key", null, List.of()),
                issuerKey, Registration.ISSUED_AT)).hasMessageContaining("wrote no value to key no-such-key");
    }

    @Test
    void aTimeStampTokenOverTheSignatureFromATrustedAuthorityPasses() {
        Instant stamped = Registration.ISSUED_AT.plusSeconds(2);
        EvidenceCertificate stampedCert = reg.certificate().withTimestampToken(
                Timestamps.token(net.tsa, reg.certificate().timestampImprint(), stamped));
        EvidenceCertificate wrongImprint = reg.certificate().withTimestampToken(
                Timestamps.token(net.tsa, new byte[32], stamped));
        TestPki.KeyAndCert rogueTsa = TestPki.timestampAuthority(TestPki.rootCa("rogue tsa root", TestPki.Curve.P256), "rogue tsa");
        EvidenceCertificate untrusted = reg.certificate().withTimestampToken(
                Timestamps.token(rogueTsa, reg.certificate().timestampImprint(), stamped));

        VerificationResult ok = verify(stampedCert.toJson());

        assertThat(ok.passed()).as(ok.toString()).isTrue();
        assertThat(check(ok, CheckName.TIMESTAMP_TOKEN).reason()).startsWith("stamped at 2026-11-23T10:00:07Z by 'CN=time-stamp authority");
        assertThat(check(verify(wrongImprint.toJson()), CheckName.TIMESTAMP_TOKEN).reason())
                .contains("not SHA-256 of the issuer's signature");
        assertThat(check(verify(untrusted.toJson()), CheckName.TIMESTAMP_TOKEN).reason())
                .startsWith("the time-stamp authority is not trusted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"version\":1}", "{\"version\":1.5}", "not json", "{\"a\":1,\"a\":2}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})
    void malformedInputIsAFailedFormatCheckNotAnException(String json) {
        VerificationResult result = verify(json);

        assertThat(result.verdict()).isEqualTo(VerificationResult.Verdict.FAIL);
        assertThat(result.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("format");
            assertThat(c.reason()).startsWith("not a valid certificate: ");
        });
        assertThat(result.toJson()).contains("\"verdict\" : \"FAIL\"");
    }

    @Test
    void aBrokenEnvelopeFailsTheChecksThatNeedItWithAReason() {
        String garbage = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5});
        VerificationResult result = verify(Tamper.resign(reg.certificate(), issuerKey, t -> {
            ObjectNode proof = (ObjectNode) t.get("proof");
            proof.put("envelope", garbage);
        }));

        assertThat(check(result, CheckName.CREATOR_SIGNATURE).reason()).startsWith("the certificate's envelope cannot be read");
        assertThat(check(result, CheckName.TRANSACTION_IN_BLOCK).failed()).isTrue();
    }

    @Test
    void theResultHasAMachineReadableForm() throws Exception {
        VerificationResult result = verify(reg.certificate().toJson());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.toJson());

        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("certificateId").asText()).isEqualTo(reg.certificate().id());
        // Every check but the three of a PDF's own, which CertificatePdf.read adds, and the four of a version 2 log proof.
        assertThat(json.get("checks")).hasSize(CheckName.values().length - 3 - 4);
        assertThat(json.get("checks").get(0).get("name").asText()).isEqualTo("format");
        assertThat(json.get("checks").get(0).get("passed").asBoolean()).isTrue();
        assertThat(EndorsementPolicy.parse("AND('Org1MSP.peer', 'Org2MSP.peer')")).isEqualTo(net.bundle().endorsementPolicy());
    }
}
