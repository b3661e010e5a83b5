package org.dataright.fabric.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.block.TxIds;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.config.ConfigBlockReader;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.NodeOus;
import org.dataright.fabric.msp.ValidIdentity;
import org.dataright.fabric.policy.EndorsementPolicy;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel against what real Fabric 2.5.16 and Fabric CA 1.5.21 did (the corpus of
 * {@code fabric-kernel/conformance/make-corpus.sh}, described by {@code manifest.json}): block hashes,
 * config blocks, transaction ids, signatures, NodeOU roles, MSP acceptance and the endorsement policy
 * each give Fabric's answer, for valid transactions and for those Fabric marked invalid.
 */
class FabricConformanceTest {
    private static final String ROOT = "/conformance/";
    private static final JsonNode MANIFEST = json("manifest.json");
    private static final HexFormat HEX = HexFormat.of();

    static Stream<JsonNode> blocks() {
        return elements(MANIFEST.path("blocks"));
    }

    static Stream<JsonNode> signingIdentities() {
        return elements(MANIFEST.path("identities")).filter(i -> i.path("kind").asText().equals("signing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void blockHashesAndFiltersAreFabrics(JsonNode expected) throws IOException {
        Block block = Block.parseFrom(bytes(expected.path("file").asText()));

        assertThat(block.getHeader().getNumber()).isEqualTo(expected.path("number").asLong());
        assertThat(hex(block.getHeader().getPreviousHash())).isEqualTo(expected.path("previousHash").asText());
        assertThat(HEX.formatHex(BlockHashes.dataHash(block.getData()))).isEqualTo(expected.path("dataHash").asText())
                .isEqualTo(hex(block.getHeader().getDataHash()));
        // headerHash is what Fabric itself stated: the next block's previous_hash, or qscc GetChainInfo's.
        assertThat(HEX.formatHex(BlockHashes.headerHash(block.getHeader()))).isEqualTo(expected.path("headerHash").asText());
        List<Integer> filter = new ArrayList<>();
        for (byte code : block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray()) {
            filter.add(code & 0xFF);
        }
        assertThat(filter).isEqualTo(ints(expected.path("transactionsFilter")));
    }

    @ParameterizedTest(name = "genesis block of the {0} network")
    @ValueSource(strings = {"cryptogen", "ca"})
    void theGenesisBlockReadsAsTheChannelFabricRan(String network) {
        ChannelConfig config = ConfigBlockReader.read(block(network, 0));

        assertThat(config.channelId()).isEqualTo(MANIFEST.path("networks").path(network).path("channel").asText());
        assertThat(config.membership().organizations()).extracting(o -> o.mspId())
                .containsExactlyInAnyOrder("OrdererOrgMSP", "RegistryOrgMSP", "ExchangeOrgMSP", "JudiciaryOrgMSP");
        assertThat(config.membership().ordererMspIds()).containsExactly("OrdererOrgMSP");
        // configtx.yaml's OrdererEndpoints, which configtxgen writes into the orderer organisation's group.
        assertThat(config.ordererAddresses()).containsExactly("127.0.0.1:7050", "127.0.0.1:8050", "127.0.0.1:9050");
        // configtx.yaml's Endorsement policy, the chaincode's too (Fabric lists the principals in its own order,
        // so the envelopes differ in bytes while the rules are the same).
        assertThat(config.endorsementPolicy().toString())
                .isEqualTo(EndorsementPolicy.parse(chaincode(network).path("endorsementPolicy").asText()).toString());
    }

    @ParameterizedTest(name = "the committed policy of the {0} network")
    @ValueSource(strings = {"cryptogen", "ca"})
    void theCommittedValidationParameterIsThePolicyText(String network) throws IOException {
        EndorsementPolicy committed = committedPolicy(network);

        assertThat(committed.mspIds()).containsExactlyInAnyOrder("RegistryOrgMSP", "ExchangeOrgMSP", "JudiciaryOrgMSP");
        assertThat(committed.toString()).isEqualTo("AND('RegistryOrgMSP.peer', OR('ExchangeOrgMSP.peer', 'JudiciaryOrgMSP.peer'))");
    }

    /**
     * Every endorser transaction: its id, the creator's and each endorser's identity and signature, the
     * orderer's block signature, and — for the rights chaincode — the endorsement policy over the valid
     * endorsers, which must hold exactly when Fabric did not mark the transaction ENDORSEMENT_POLICY_FAILURE.
     */
    @ParameterizedTest(name = "transactions of the {0} network")
    @ValueSource(strings = {"cryptogen", "ca"})
    void transactionsAreJudgedAsFabricJudgedThem(String network) throws Exception {
        ChannelMembership membership = ConfigBlockReader.read(block(network, 0)).membership();
        EndorsementPolicy committed = committedPolicy(network);
        EndorsementPolicy text = EndorsementPolicy.parse(chaincode(network).path("endorsementPolicy").asText());
        List<String> verdicts = new ArrayList<>();
        for (JsonNode expected : blocks().filter(b -> b.path("network").asText().equals(network)).toList()) {
            Block block = Block.parseFrom(bytes(expected.path("file").asText()));
            if (block.getHeader().getNumber() > 0) {
                checkOrdererSignatures(block, membership);
            }
            for (JsonNode tx : expected.path("transactions")) {
                if (!tx.path("type").asText().equals("ENDORSER_TRANSACTION")) {
                    continue;
                }
                Envelope envelope = Envelope.parseFrom(block.getData().getData(tx.path("index").asInt()));
                Payload payload = Payload.parseFrom(envelope.getPayload());
                ChannelHeader channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                SignatureHeader signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
                Instant at = instant(channelHeader.getTimestamp());
                String where = network + " block " + expected.path("number").asLong() + " tx " + tx.path("index").asInt();

                assertThat(channelHeader.getType()).isEqualTo(HeaderType.ENDORSER_TRANSACTION_VALUE);
                assertThat(TxIds.compute(signatureHeader.getNonce(), signatureHeader.getCreator())).as(where)
                        .isEqualTo(channelHeader.getTxId()).isEqualTo(tx.path("txId").asText());
                ValidIdentity creator = membership.verify(signatureHeader.getCreator(), envelope.getPayload().toByteArray(),
                        envelope.getSignature().toByteArray(), at);
                assertThat(role(creator)).as(where + " creator").isEqualTo(tx.path("creator").path("nodeOU").asText());

                ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(
                        Transaction.parseFrom(payload.getData()).getActions(0).getPayload());
                ByteString response = action.getAction().getProposalResponsePayload();
                List<ValidIdentity> endorsers = new ArrayList<>();
                for (Endorsement e : action.getAction().getEndorsementsList()) {
                    endorsers.add(membership.verify(e.getEndorser(), response.concat(e.getEndorser()).toByteArray(),
                            e.getSignature().toByteArray(), at));
                }
                assertThat(endorsers).as(where + " endorsers").extracting(FabricConformanceTest::role)
                        .containsExactlyElementsOf(texts(tx.path("endorsers"), "nodeOU"));

                if (tx.path("chaincode").path("name").asText().equals("rights")) {
                    TxValidationCode code = TxValidationCode.valueOf(tx.path("validationCodeName").asText());
                    boolean fabricSaysSatisfied = code != TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
                    assertThat(committed.isSatisfiedBy(endorsers)).as(where + " " + code).isEqualTo(fabricSaysSatisfied);
                    assertThat(text.isSatisfiedBy(endorsers)).as(where + " " + code).isEqualTo(fabricSaysSatisfied);
                    verdicts.add(code.name());
                }
            }
        }
        // The corpus holds what it promises: valid acts and both kinds of invalid ones.
        assertThat(verdicts).contains("VALID", "ENDORSEMENT_POLICY_FAILURE", "MVCC_READ_CONFLICT");
    }

    /** Each signing certificate: its OUs, its NodeOU role, and whether its MSP accepts it, as Fabric answered. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("signingIdentities")
    void identitiesAreClassifiedAndAcceptedAsFabricDid(JsonNode expected) {
        X509Certificate cert = Pem.certificate(bytes(expected.path("file").asText()));

        assertThat(NodeOus.organizationalUnits(cert)).isEqualTo(texts(expected.path("organizationalUnits"), null));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo(expected.path("subjectJava").asText());
        ChannelMembership membership = membershipFor(expected.path("network").asText());
        expectFabricsAnswer(membership, expected.path("mspId").asText(), cert, expected);
        for (JsonNode other : expected.path("asAnotherMsp")) {
            expectFabricsAnswer(membership, other.path("mspId").asText(), cert, other);
        }
    }

    private static void expectFabricsAnswer(ChannelMembership membership, String mspId, X509Certificate cert, JsonNode expected) {
        ByteString serialized = new FabricIdentity(mspId, cert).serialize();
        String what = mspId + " '" + cert.getSubjectX500Principal().getName() + "'";
        if (expected.path("mspAccepts").asBoolean()) {
            try {
                assertThat(role(membership.validate(serialized, null))).as(what)
                        .isEqualTo(expected.path("nodeOUClassification").path("nodeOU").asText());
            } catch (IdentityException e) {
                throw new AssertionError(what + " is accepted by Fabric but not by the kernel: " + e.getMessage(), e);
            }
        } else {
            assertThatThrownBy(() -> membership.validate(serialized, null)).as(what + " is refused by Fabric: "
                    + expected.path("nodeOUClassification").path("reason").asText()).isInstanceOf(IdentityException.class);
        }
    }

    private static ChannelMembership membershipFor(String network) {
        String file = network.equals("intermediate-ca") ? "config/conformance-genesis.block"
                : "config/registry-genesis-" + network + ".block";
        try {
            return ConfigBlockReader.read(Block.parseFrom(bytes(file))).membership();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkOrdererSignatures(Block block, ChannelMembership membership) throws Exception {
        Metadata metadata = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        assertThat(metadata.getSignaturesList()).isNotEmpty();
        ByteString header = ByteString.copyFrom(BlockHashes.headerBytes(block.getHeader()));
        for (MetadataSignature s : metadata.getSignaturesList()) {
            ByteString creator = SignatureHeader.parseFrom(s.getSignatureHeader()).getCreator();
            byte[] signed = metadata.getValue().concat(s.getSignatureHeader()).concat(header).toByteArray();
            ValidIdentity orderer = membership.verify(creator, signed, s.getSignature().toByteArray(), null);
            assertThat(orderer.role()).isEqualTo(MSPRoleType.ORDERER);
            assertThat(membership.isOrdererOrg(orderer.mspId())).isTrue();
        }
    }

    private static EndorsementPolicy committedPolicy(String network) throws IOException {
        byte[] parameter = Base64.getDecoder().decode(chaincode(network).path("validationParameter").asText());
        return EndorsementPolicy.fromEnvelope(ApplicationPolicy.parseFrom(parameter).getSignaturePolicy());
    }

    private static JsonNode chaincode(String network) {
        return MANIFEST.path("networks").path(network).path("chaincode");
    }

    private static Block block(String network, int number) {
        try {
            return Block.parseFrom(bytes("blocks/" + network + "/block-" + number + ".block"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String role(ValidIdentity identity) {
        return identity.role().name().toLowerCase(Locale.ROOT);
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static List<Integer> ints(JsonNode array) {
        return elements(array).map(JsonNode::asInt).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return elements(array).map(n -> field == null ? n.asText() : n.path(field).asText()).toList();
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(bytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String file) {
        try (InputStream in = FabricConformanceTest.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new AssertionError("the conformance corpus lacks " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
