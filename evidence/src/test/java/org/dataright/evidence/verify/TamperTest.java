package org.dataright.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.Tamper;
import org.dataright.evidence.fixture.TestPki;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One field changed at a time: by a forger (the signature breaks) and by a dishonest issuer (who signs again). */
class TamperTest {
    private static Registration reg;
    private static Verifier verifier;
    private static IssuerKey issuerKey;

    @BeforeAll
    static void network() {
        reg = Registration.create();
        verifier = Verifier.forBundle(reg.network().bundle());
        issuerKey = reg.network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                field("act", CheckName.ACT, t -> t.put("act", "REGISTER_ASSEU")),
                field("assetId", CheckName.ACT, t -> t.put("assetId", "A-7f3a9c2e1b4e")),
                field("rightId", CheckName.ACT, t -> t.put("rightId", "A-7f3a9c2e1b4d/PROCESSING_USE")),
                field("parties[0].mspId", CheckName.PARTIES, t -> party(t).put("mspId", "Org2MSP")),
                field("parties[0].certificate", CheckName.PARTIES,
                        t -> party(t).put("certificate", Pem.of(reg.network().receiver.certificate()))),
                field("parties[+] untrusted", CheckName.PARTIES, t -> ((ArrayNode) t.get("parties")).addObject()
                        .put("role", "receiver").put("mspId", "Org2MSP").put("certificate",
                                Pem.of(TestPki.leaf(TestPki.rootCa("rogue ca", TestPki.Curve.P256), "rogue", "client", null)
                                        .certificate()))),
                field("digests.sha256", CheckName.RECORDED_DIGESTS, t -> hex(obj(t, "digests"), "sha256")),
                field("digests.sm3", CheckName.RECORDED_DIGESTS, t -> hex(obj(t, "digests"), "sm3")),
                field("digests.manifestRoot", CheckName.RECORDED_DIGESTS, t -> hex(obj(t, "digests"), "manifestRoot")),
                field("record.key", CheckName.WRITTEN_STATE, t -> obj(t, "record").put("key", "\u0000asset\u0000A-7f3a9c2e1b4e\u0000")),
                field("record.value", CheckName.WRITTEN_STATE,
                        t -> obj(t, "record").put("value", obj(t, "record").get("value").asText().replace("EFFECTIVE", "EFFECTIVF"))),
                field("transactionTime", CheckName.TRANSACTION_TIME, t -> t.put("transactionTime", "2026-11-23T10:00:00.123456788Z")),
                field("issuedAt", CheckName.TRANSACTION_TIME, t -> t.put("issuedAt", "2026-11-23T09:58:59Z")),
                field("proof.channel", CheckName.CHANNEL_AND_CHAINCODE, t -> proof(t).put("channel", "registrz")),
                field("proof.chaincode", CheckName.CHANNEL_AND_CHAINCODE, t -> proof(t).put("chaincode", "rightz")),
                field("proof.transactionId", CheckName.TRANSACTION_IN_BLOCK, t -> hex(proof(t), "transactionId")),
                field("proof.blockNumber", CheckName.BLOCK_HEADER, t -> proof(t).put("blockNumber", 2)),
                field("proof.transactionIndex", CheckName.TRANSACTION_IN_BLOCK, t -> proof(t).put("transactionIndex", 0)),
                field("proof.validationCode", CheckName.VALIDATION_CODE, t -> proof(t).put("validationCode", "MVCC_READ_CONFLICT")),
                field("proof.envelope", CheckName.TRANSACTION_IN_BLOCK, t -> b64(proof(t), "envelope", 200)),
                field("proof.blockEnvelopes[0]", CheckName.BLOCK_DATA_HASH, t -> b64(envelopes(t), 0, 200)),
                field("proof.blockEnvelopes[1] and envelope", CheckName.BLOCK_DATA_HASH, t -> {
                    b64(envelopes(t), 1, -10);
                    proof(t).put("envelope", envelopes(t).get(1).asText());
                }),
                field("proof.blockHeader.number", CheckName.BLOCK_HEADER, t -> obj(proof(t), "blockHeader").put("number", 7)),
                field("proof.blockHeader.previousHash", CheckName.ORDERER_SIGNATURE, t -> hex(obj(proof(t), "blockHeader"), "previousHash")),
                field("proof.blockHeader.dataHash", CheckName.BLOCK_DATA_HASH, t -> hex(obj(proof(t), "blockHeader"), "dataHash")),
                field("proof.ordererSignatures", CheckName.ORDERER_SIGNATURE, t -> b64(proof(t), "ordererSignatures", -3)),
                field("proof.transactionsFilter", CheckName.VALIDATION_CODE,
                        t -> proof(t).put("transactionsFilter", Base64.getEncoder().encodeToString(new byte[] {0, 11}))),
                field("issuer.algorithm", CheckName.ISSUER_SIGNATURE, t -> obj(t, "issuer").put("algorithm", "SM2_SM3")),
                field("issuer.certificate", CheckName.ISSUER_SIGNATURE,
                        t -> obj(t, "issuer").put("certificate", Pem.of(reg.network().sm2Issuer.certificate()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void aForgerWhoChangesAFieldBreaksTheIssuerSignature(Consumer<ObjectNode> change, CheckName ignored) {
        VerificationResult result = verifier.verify(Tamper.keepSignature(reg.certificate(), change));

        assertThat(result.verdict()).isEqualTo(VerificationResult.Verdict.FAIL);
        // The id is derived from the transaction id and the issuer certificate, so changing those breaks the format.
        CheckName caughtBy = result.check(CheckName.FORMAT).orElseThrow().failed() ? CheckName.FORMAT : CheckName.ISSUER_SIGNATURE;
        assertThat(result.check(caughtBy).orElseThrow().failed()).as(result.toString()).isTrue();
        if (caughtBy == CheckName.FORMAT) {
            assertThat(result.check(CheckName.FORMAT).orElseThrow().reason()).contains("is not derived from the transaction id");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void anIssuerWhoSignsAChangedFieldIsCaughtByTheNamedCheck(Consumer<ObjectNode> change, CheckName expected) {
        VerificationResult result = verifier.verify(Tamper.resign(reg.certificate(), issuerKey, change));

        assertThat(result.verdict()).isEqualTo(VerificationResult.Verdict.FAIL);
        Check check = result.check(expected).orElseThrow();
        assertThat(check.status()).as(result.toString()).isEqualTo(Check.Status.FAILED);
        assertThat(check.reason()).isNotBlank();
        if (expected != CheckName.ISSUER_SIGNATURE) {
            assertThat(result.check(CheckName.ISSUER_SIGNATURE).orElseThrow().passed()).as(result.toString()).isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void theSignatureItselfAndTheTokenAreChecked() {
        VerificationResult badSignature = verifier.verify(Tamper.keepSignature(reg.certificate(),
                t -> b64(t, "signature", 10)));
        String withToken = reg.certificate().withTimestampToken(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}).toJson();

        assertThat(badSignature.check(CheckName.ISSUER_SIGNATURE).orElseThrow().failed()).isTrue();
        assertThat(verifier.verify(withToken).check(CheckName.TIMESTAMP_TOKEN).orElseThrow().reason())
                .startsWith("the time-stamp token is invalid");
    }

    private static Arguments field(String name, CheckName expected, Consumer<ObjectNode> change) {
        return Arguments.of(Named.of(name, change), expected);
    }

    private static ObjectNode obj(ObjectNode t, String field) {
        return (ObjectNode) t.get(field);
    }

    private static ObjectNode proof(ObjectNode t) {
        return obj(t, "proof");
    }

    private static ObjectNode party(ObjectNode t) {
        return (ObjectNode) t.get("parties").get(0);
    }

    private static ArrayNode envelopes(ObjectNode t) {
        return (ArrayNode) proof(t).get("blockEnvelopes");
    }

    private static void hex(ObjectNode o, String field) {
        o.put(field, Tamper.flipHex(o.get(field).asText()));
    }

    private static void b64(ObjectNode o, String field, int index) {
        o.put(field, Tamper.flipBase64(o.get(field).asText(), index));
    }

    private static void b64(ArrayNode a, int i, int index) {
        a.set(i, a.textNode(Tamper.flipBase64(a.get(i).asText(), index)));
    }

}
