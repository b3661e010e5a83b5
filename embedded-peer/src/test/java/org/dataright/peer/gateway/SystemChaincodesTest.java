package org.dataright.peer.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.Status;
import org.hyperledger.fabric.protos.orderer.BroadcastResponse;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;
import org.hyperledger.fabric.protos.peer.ChannelQueryResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qscc, cscc and _lifecycle through Fabric's ProcessProposal, and the orderer's Broadcast, with hand-made messages. */
class SystemChaincodesTest {
    private static final String CC = "testcc";

    @TempDir
    static Path dataDir;
    private static EmbeddedPeer peer;
    private static HandMadeClient client;
    private static HandMadeClient admin;

    @BeforeAll
    static void start() throws Exception {
        peer = EmbeddedPeer.start(PeerConfig.builder(dataDir)
                .port(0)
                .chaincode(ChaincodeAddress.of(CC, "127.0.0.1", TestChaincodeServer.shared().port()))
                .blockCutting(10, Duration.ofMillis(50))
                .build());
        SigningIdentity bob = peer.identities().organizationCa().enroll(peer.config().mspId(), "bob", MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        client = new HandMadeClient(peer.endpoint(), bob, peer.channelId(), CC);
        admin = new HandMadeClient(peer.endpoint(), peer.identities().admin(), peer.channelId(), CC);
    }

    @AfterAll
    static void stop() {
        client.close();
        admin.close();
        peer.close();
    }

    private static ProposalResponse ask(HandMadeClient who, String channel, String chaincode, ByteString... args) {
        return who.processProposal(who.proposal(Instant.now(), channel, chaincode, List.of(args)));
    }

    private static ByteString text(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void qsccOnNoChannelAnswersUnendorsed() throws Exception {
        ProposalResponse r = ask(client, "", "qscc", text("GetChainInfo"), text(peer.channelId()));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.hasEndorsement()).isFalse();
        assertThat(BlockchainInfo.parseFrom(r.getResponse().getPayload()).getHeight()).isEqualTo(peer.ledger().height());
    }

    @Test
    void csccListsTheChannelAndGivesItsConfig() throws Exception {
        ProposalResponse channels = ask(client, "", "cscc", text("GetChannels"));
        assertThat(ChannelQueryResponse.parseFrom(channels.getResponse().getPayload()).getChannelsList())
                .extracting(c -> c.getChannelId()).containsExactly(peer.channelId());

        ProposalResponse config = ask(client, "", "cscc", text("GetChannelConfig"), text(peer.channelId()));
        Block genesis = peer.ledger().getBlockByNumber(0).orElseThrow();
        Config expected = ConfigEnvelope.parseFrom(Payload.parseFrom(Envelope.parseFrom(genesis.getData().getData(0))
                .getPayload()).getData()).getConfig();
        assertThat(Config.parseFrom(config.getResponse().getPayload())).isEqualTo(expected);

        ProposalResponse unknown = ask(client, "", "cscc", text("GetChannelConfig"), text("other"));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(500);
        assertThat(unknown.getResponse().getMessage()).isEqualTo("Unknown channel ID, other");

        ProposalResponse join = ask(admin, "", "cscc", text("JoinChain"), genesis.toByteString());
        assertThat(join.getResponse().getMessage()).isEqualTo("JoinChain is not supported by the embedded peer: it serves"
                + " one channel, " + peer.channelId() + ", whose block 0 it made at its first start, and joins no other");
    }

    @Test
    void lifecycleDescribesTheServedChaincodeAndEndorsesTheAnswer() throws Exception {
        ProposalResponse one = ask(client, peer.channelId(), "_lifecycle", text("QueryChaincodeDefinition"),
                QueryChaincodeDefinitionArgs.newBuilder().setName(CC).build().toByteString());
        assertThat(one.hasEndorsement()).isTrue();
        QueryChaincodeDefinitionResult definition = QueryChaincodeDefinitionResult.parseFrom(one.getResponse().getPayload());
        assertThat(definition.getSequence()).isEqualTo(1);
        assertThat(definition.getVersion()).isEqualTo("1.0");
        assertThat(definition.getEndorsementPlugin()).isEqualTo("escc");
        assertThat(definition.getValidationPlugin()).isEqualTo("vscc");
        assertThat(ApplicationPolicy.parseFrom(definition.getValidationParameter()).getChannelConfigPolicyReference())
                .isEqualTo("/Channel/Application/Endorsement");
        assertThat(definition.getInitRequired()).isFalse();
        assertThat(definition.getApprovalsMap()).containsExactly(Map.entry("RegistryMSP", true));

        ProposalResponse all = ask(client, peer.channelId(), "_lifecycle", text("QueryChaincodeDefinitions"),
                QueryChaincodeDefinitionsArgs.getDefaultInstance().toByteString());
        assertThat(QueryChaincodeDefinitionsResult.parseFrom(all.getResponse().getPayload()).getChaincodeDefinitionsList())
                .extracting(d -> d.getName() + " " + d.getVersion() + " " + d.getSequence()).containsExactly("testcc 1.0 1");

        ProposalResponse missing = ask(client, peer.channelId(), "_lifecycle", text("QueryChaincodeDefinition"),
                QueryChaincodeDefinitionArgs.newBuilder().setName("nosuch").build().toByteString());
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(missing.getResponse().getMessage()).isEqualTo("namespace nosuch is not defined");

        ProposalResponse approve = ask(admin, peer.channelId(), "_lifecycle", text("ApproveChaincodeDefinitionForMyOrg"),
                ByteString.EMPTY);
        assertThat(approve.getResponse().getMessage()).contains("is not supported by the embedded peer: its chaincodes are"
                + " defined by its configuration");
    }

    @Test
    void installedChaincodesAreForTheOrganisationsAdmins() throws Exception {
        ByteString args = QueryInstalledChaincodesArgs.getDefaultInstance().toByteString();
        ProposalResponse installed = ask(admin, "", "_lifecycle", text("QueryInstalledChaincodes"), args);
        QueryInstalledChaincodesResult result = QueryInstalledChaincodesResult.parseFrom(installed.getResponse().getPayload());
        assertThat(result.getInstalledChaincodesList()).extracting(c -> c.getPackageId() + " " + c.getLabel())
                .containsExactly("testcc:1 testcc");
        assertThat(result.getInstalledChaincodes(0).getReferencesMap()).containsOnlyKeys(peer.channelId());

        ProposalResponse refused = ask(client, "", "_lifecycle", text("QueryInstalledChaincodes"), args);
        assertThat(refused.getResponse().getStatus()).isEqualTo(500);
        assertThat(refused.getResponse().getMessage()).contains("is for the admins of this peer's organisation RegistryMSP,"
                + " and the creator is a client of RegistryMSP");
    }

    @Test
    void aBadSignatureIsAGrpcErrorAsInFabric() {
        var good = client.proposal(Instant.now(), "", "qscc", List.of(text("GetChainInfo"), text(peer.channelId())));
        var forged = good.toBuilder().setSignature(ByteString.copyFrom(new byte[] {48, 6, 2, 1, 1, 2, 1, 1})).build();
        assertThatThrownBy(() -> client.processProposal(forged)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Code.UNKNOWN);
            assertThat(e.getStatus().getDescription()).startsWith("error validating proposal: access denied: channel []");
        });
    }

    @Test
    void broadcastQueuesAnEndorsedTransactionAndEndsTheStreamAtARefusal() throws Exception {
        Envelope prepared = client.endorse(client.proposal(Instant.now(), "put", "bc-key", "bc-value"));
        Envelope signed = client.signed(prepared);
        List<BroadcastResponse> responses = client.broadcast(signed, prepared, signed);
        // The unsigned second one is refused, and the stream ends there: the third is never read.
        assertThat(responses).extracting(BroadcastResponse::getStatus).containsExactly(Status.SUCCESS, Status.FORBIDDEN);
        assertThat(responses.get(1).getInfo()).startsWith("the transaction's creator is not allowed to write to channel");
        String txId = org.hyperledger.fabric.protos.common.ChannelHeader.parseFrom(
                Payload.parseFrom(signed.getPayload()).getHeader().getChannelHeader()).getTxId();
        Instant deadline = Instant.now().plusSeconds(30);
        while (peer.ledger().getTxStatus(txId).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(peer.ledger().getTxStatus(txId).orElseThrow().code()).isEqualTo(TxValidationCode.VALID);
    }
}
