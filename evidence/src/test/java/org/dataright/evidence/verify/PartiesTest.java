package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.certificate.ActRecord;
import org.dataright.evidence.certificate.CertificateIssuer;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.Party;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fixture.FabricBlocks;
import org.dataright.evidence.fixture.Member;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 5 of the trust review: a certificate bound only its submitter, so an issuer-key holder could name a
 * "receiver" the offer never named and the certificate verified. Every party other than the submitter must now be
 * named, in its role, by a record the transaction wrote.
 */
class PartiesTest {
    private static final String RIGHT_ID = Registration.ASSET_ID + "/RESOURCE_HOLDING";
    private static final String RIGHT_KEY = "\u0000right\u0000" + Registration.ASSET_ID + "\u0000RESOURCE_HOLDING\u0000";
    private static TestNetwork net;
    private static Registration reg;
    private static IssuerKey issuerKey;
    private static Verifier verifier;
    private static Block offerBlock;

    @BeforeAll
    static void network() {
        reg = Registration.create();
        net = reg.network();
        issuerKey = net.issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256);
        verifier = Verifier.forBundle(net.bundle());
        // offerTransfer as the chaincode writes it: the right's record with its open offer naming the receiver.
        String right = "{\"id\":\"" + RIGHT_ID + "\",\"assetId\":\"" + Registration.ASSET_ID
                + "\",\"type\":\"RESOURCE_HOLDING\",\"holder\":\"" + partyId(net.client)
                + "\",\"status\":\"OFFERED\",\"offer\":{\"receiver\":\"" + partyId(net.receiver)
                + "\",\"contractDigest\":\"" + "ab".repeat(32) + "\",\"expiresAt\":\"2026-12-01T00:00:00Z\"}}";
        Map<String, String> writes = new LinkedHashMap<>();
        writes.put(RIGHT_KEY, right);
        FabricBlocks.Tx offer = FabricBlocks.endorserTransaction(TestNetwork.CHANNEL, TestNetwork.CHAINCODE, net.client,
                List.of(net.peer1, net.peer2), List.of("offerTransfer", RIGHT_ID),
                new FabricBlocks.Simulation(writes, "OFFER_TRANSFER",
                        "{\"assetId\":\"" + Registration.ASSET_ID + "\",\"rightId\":\"" + RIGHT_ID + "\"}"),
                Instant.parse("2026-11-23T10:01:00Z"));
        offerBlock = FabricBlocks.block(3, FabricBlocks.hashOf(reg.block2()), List.of(offer.envelope()), new byte[] {0},
                net.orderer);
    }

    private static String partyId(Member m) {
        return m.mspId() + "::" + m.certificate().getSubjectX500Principal().getName();
    }

    private static EvidenceCertificate offerNaming(Party party) {
        return CertificateIssuer.issue(offerBlock, 0, TxValidationCode.VALID, new ActRecord("OFFER_TRANSFER",
                Registration.ASSET_ID, RIGHT_ID, RIGHT_KEY, null, List.of(party)), issuerKey, Instant.parse("2026-11-23T10:01:05Z"));
    }

    private static Check parties(EvidenceCertificate cert) {
        VerificationResult result = verifier.verify(cert.toJson());
        return result.check(CheckName.PARTIES).orElseThrow();
    }

    @Test
    void theOffersReceiverNamedByTheRightsRecordPasses() {
        VerificationResult result = verifier.verify(offerNaming(new Party("receiver", "Org2MSP", net.receiver.certificate())).toJson());

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.check(CheckName.PARTIES).orElseThrow().reason())
                .isEqualTo("2 parties; the submitter is the creator; receiver named by '\\u0000right\\u0000" + RIGHT_ID
                        .replace("/", "\\u0000") + "\\u0000'");
    }

    @Test
    void aReceiverTheOfferDoesNotNameFails() {
        // A valid identity of the bundle, but the offer names Beta Exchange, not the holder itself.
        Check check = parties(offerNaming(new Party("receiver", "Org1MSP", net.client.certificate())));

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.reason()).isEqualTo("the receiver '" + partyId(net.client) + "' is named by no record this "
                + "transaction wrote: '\\u0000right\\u0000" + RIGHT_ID.replace("/", "\\u0000") + "\\u0000' names receiver '"
                + partyId(net.receiver) + "'");
    }

    @Test
    void aPartyInARoleNoRecordHasFails() {
        Check check = parties(offerNaming(new Party("pledgee", "Org2MSP", net.receiver.certificate())));

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.reason()).isEqualTo("the pledgee '" + partyId(net.receiver)
                + "' is named by no record this transaction wrote (none of its records has a 'pledgee' field)");
    }

    @Test
    void aReceiverAddedToARegistrationFails() {
        EvidenceCertificate withReceiver = CertificateIssuer.issue(reg.block1(), 1, TxValidationCode.VALID,
                new ActRecord("REGISTER_ASSET", Registration.ASSET_ID, Registration.RIGHT_ID,
                        TestNetwork.assetKey(Registration.ASSET_ID), reg.digests(),
                        List.of(new Party("receiver", "Org2MSP", net.receiver.certificate()))),
                issuerKey, Registration.ISSUED_AT);

        Check check = parties(withReceiver);

        assertThat(check.status()).isEqualTo(Check.Status.FAILED);
        assertThat(check.reason()).startsWith("the receiver 'Org2MSP::CN=Beta Exchange")
                .endsWith("is named by no record this transaction wrote (none of its records has a 'receiver' field)");
    }
}
