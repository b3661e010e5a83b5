package org.dataright.peer.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.ledger.VerifiedSignatures;
import org.dataright.peer.node.Clients;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.peer.node.PeerConfig;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRead;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.RangeQueryInfo;
import org.hyperledger.fabric.protos.peer.BlockAndPrivateData;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded peer end to end: the real fabric-gateway client against it, and a Fabric contract
 * run by the real chaincode shim as a chaincode-as-a-service server, reached only through the
 * shim protocol. One peer serves all tests (a block is cut every 50 ms).
 */
class GatewayEndToEndTest {
    private static final String CC = "testcc";

    @TempDir
    static Path dataDir;
    private static EmbeddedPeer peer;
    private static SigningIdentity alice;
    private static Clients clients;
    private static Network network;
    private static Contract contract;

    @BeforeAll
    static void start() throws Exception {
        TestChaincodeServer chaincode = TestChaincodeServer.shared();
        peer = EmbeddedPeer.start(PeerConfig.builder(dataDir)
                .port(0)
                .chaincode(ChaincodeAddress.of(CC, "127.0.0.1", chaincode.port()))
                .blockCutting(10, Duration.ofMillis(50))
                .build());
        alice = peer.identities().organizationCa().enroll(peer.config().mspId(), "alice", MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        clients = Clients.connect(peer.endpoint(), alice);
        network = clients.gateway().getNetwork(peer.channelId());
        contract = network.getContract(CC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void submitsEvaluatesAndReportsCommitStatus() throws Exception {
        contract.submitTransaction("put", "k1", "v1");
        assertThat(new String(contract.evaluateTransaction("get", "k1"), UTF_8)).isEqualTo("v1");

        SubmittedTransaction submitted = contract.newProposal("put").addArguments("k1", "v2").build().endorse().submitAsync();
        Status status = submitted.getStatus();
        assertThat(status.isSuccessful()).isTrue();
        assertThat(status.getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(status.getBlockNumber()).isPositive();
        assertThat(peer.ledger().getTxStatus(submitted.getTransactionId()).orElseThrow().blockNumber())
                .isEqualTo(status.getBlockNumber());
        assertThat(new String(contract.evaluateTransaction("get", "k1"), UTF_8)).isEqualTo("v2");
    }

    @Test
    void aSubmittedTransactionsSignaturesAreVerifiedOnceInThisPeer() throws Exception {
        VerifiedSignatures signatures = peer.ledger().verifiedSignatures();
        long verified = signatures.verifiedCount();
        long reused = signatures.reusedCount();
        contract.submitTransaction("put", "once", "v");
        // The envelope's signature is verified by the orderer; at validation it and this peer's own endorsement are known.
        assertThat(signatures.verifiedCount() - verified).isEqualTo(1);
        assertThat(signatures.reusedCount() - reused).isEqualTo(2);
    }

    @Test
    void chaincodeSeesTheCallersIdentityAndRole() throws Exception {
        assertThat(new String(contract.evaluateTransaction("whoami"), UTF_8)).isEqualTo("RegistryMSP/enterprise");
    }

    @Test
    void aRejectionByTheChaincodeIsAnEndorseExceptionWithItsMessage() {
        String message = "RIGHT_FROZEN: right r-7 is frozen by case 42";
        assertThatThrownBy(() -> contract.submitTransaction("fail", message))
                .isInstanceOfSatisfying(EndorseException.class, e -> {
                    assertThat(e.getDetails()).hasSize(1);
                    ErrorDetail detail = e.getDetails().get(0);
                    assertThat(detail.getMessage()).contains(message);
                    assertThat(detail.getMspId()).isEqualTo("RegistryMSP");
                    assertThat(detail.getAddress()).isEqualTo(peer.endpoint());
                });
        assertThatThrownBy(() -> contract.evaluateTransaction("fail", message))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.getDetails().get(0).getMessage()).contains(message));
    }

    @Test
    void aStaleReadIsAnMvccReadConflictAtCommit() throws Exception {
        contract.submitTransaction("put", "counter", "0");
        Transaction first = contract.newProposal("increment").addArguments("counter").build().endorse();
        Transaction second = contract.newProposal("increment").addArguments("counter").build().endorse();
        assertThat(new String(first.submit(), UTF_8)).isEqualTo("1");
        assertThatThrownBy(second::submit).isInstanceOfSatisfying(CommitException.class,
                e -> assertThat(e.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT));
        assertThat(new String(contract.evaluateTransaction("get", "counter"), UTF_8)).isEqualTo("1");
    }

    @Test
    void rangeQueriesAreBatchedAndPaged() throws Exception {
        contract.submitTransaction("putMany", "r", "150");
        // 150 results: more than one batch of 100 between peer and shim.
        String all = new String(contract.evaluateTransaction("range", "r000", "r999"), UTF_8);
        assertThat(all.split(",")).hasSize(150).startsWith("r000=v0").endsWith("r149=v149");

        String[] page1 = new String(contract.evaluateTransaction("rangePage", "r000", "r999", "40", ""), UTF_8).split("\\|", -1);
        assertThat(page1[0].split(",")).hasSize(40).startsWith("r000").endsWith("r039");
        assertThat(page1[1]).isEqualTo("r040");
        assertThat(page1[2]).isEqualTo("40");
        String[] last = new String(contract.evaluateTransaction("rangePage", "r000", "r999", "40", "r120"), UTF_8).split("\\|", -1);
        assertThat(last[0].split(",")).hasSize(30).startsWith("r120").endsWith("r149");
        assertThat(last[1]).isEmpty();
    }

    @Test
    void partialCompositeKeyQueriesAreRangesAndPage() throws Exception {
        contract.submitTransaction("putOwned", "alice", "a1", "x");
        contract.submitTransaction("putOwned", "alice", "a2", "x");
        contract.submitTransaction("putOwned", "alice", "a3", "x");
        contract.submitTransaction("putOwned", "alicia", "z9", "x");
        assertThat(new String(contract.evaluateTransaction("owned", "alice"), UTF_8)).isEqualTo("a1,a2,a3");
        String[] page = new String(contract.evaluateTransaction("ownedPage", "alice", "2", ""), UTF_8).split("\\|", -1);
        assertThat(page[0]).isEqualTo("a1,a2");
        assertThat(new String(contract.evaluateTransaction("ownedPage", "alice", "2", page[1]), UTF_8)).isEqualTo("a3|");
    }

    @Test
    void historyListsEveryChangeNewestFirst() throws Exception {
        contract.submitTransaction("put", "h", "v1");
        contract.submitTransaction("put", "h", "v2");
        contract.submitTransaction("del", "h");
        assertThat(new String(contract.evaluateTransaction("history", "h"), UTF_8)).isEqualTo("<deleted>,v2,v1");
    }

    @Test
    void unsupportedFeaturesAreRefusedSayingWhatAndWhy() {
        // The Java shim turns the peer's ERROR into "Unsuccessful response received."; the peer puts its own
        // sentence in front of the chaincode's failure, so the client learns what is unsupported and why.
        assertThatThrownBy(() -> contract.evaluateTransaction("richQuery", "{\"selector\":{}}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getDetails().get(0).getMessage())
                        .startsWith("chaincode response 500, UNSUPPORTED_FEATURE: rich queries (GetQueryResult) are not"
                                + " supported by the embedded peer: its state database is a key-value store")
                        .endsWith("Unsuccessful response received.)"));
        assertThatThrownBy(() -> contract.evaluateTransaction("privateRead", "secrets", "k"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getDetails().get(0).getMessage())
                        .startsWith("chaincode response 500, UNSUPPORTED_FEATURE: private data (GetPrivateData of collection"
                                + " secrets) is not supported by the embedded peer: it has no private data collections"));
        assertThatThrownBy(() -> contract.submitTransaction("callOther", "othercc"))
                .isInstanceOfSatisfying(EndorseException.class, e -> assertThat(e.getDetails().get(0).getMessage())
                        .startsWith("chaincode response 500, UNSUPPORTED_FEATURE: chaincode-to-chaincode calls (InvokeChaincode)"
                                + " are not supported by the embedded peer"));
    }

    @Test
    void aChaincodeThatCopesWithARefusalKeepsItsAnswer() throws Exception {
        assertThat(new String(contract.evaluateTransaction("privateReadOrDefault"), UTF_8)).isEqualTo("fallback");
    }

    @Test
    void writesAfterAPaginatedQueryFail() {
        assertThatThrownBy(() -> contract.submitTransaction("pageThenWrite"))
                .isInstanceOfSatisfying(EndorseException.class, e -> assertThat(e.getDetails().get(0).getMessage())
                        .contains("chaincode response 500"));
    }

    @Test
    void theReadWriteSetIsSortedAndRecordsRangesAsFabricDoes() throws Exception {
        contract.submitTransaction("put", "rw-a", "1");
        contract.submitTransaction("put", "rw-b", "2");
        Transaction tx = contract.newProposal("readsAndWrites").build().endorse();
        tx.submit();

        byte[] bytes = network.getContract("qscc").evaluateTransaction("GetTransactionByID", peer.channelId(), tx.getTransactionId());
        ProcessedTransaction processed = ProcessedTransaction.parseFrom(bytes);
        assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.VALID_VALUE);
        KVRWSet kv = kvRwSet(processed.getTransactionEnvelope());
        assertThat(kv.getReadsList()).extracting(KVRead::getKey).containsExactly("rw-a", "rw-b");
        assertThat(kv.getReadsList()).allSatisfy(r -> assertThat(r.hasVersion()).isTrue());
        assertThat(kv.getWritesList()).extracting(KVWrite::getKey).containsExactly("rw-b", "rw-y", "rw-z");
        assertThat(kv.getWrites(0).getIsDelete()).isTrue();
        assertThat(kv.getRangeQueriesInfoList()).hasSize(1);
        RangeQueryInfo range = kv.getRangeQueriesInfo(0);
        assertThat(range.getStartKey()).isEqualTo("rw-a");
        assertThat(range.getEndKey()).isEqualTo("rw-c");
        assertThat(range.getItrExhausted()).isTrue();
        assertThat(range.getRawReads().getKvReadsList()).extracting(KVRead::getKey).containsExactly("rw-a", "rw-b");
    }

    private static KVRWSet kvRwSet(Envelope envelope) throws Exception {
        Payload payload = Payload.parseFrom(envelope.getPayload());
        org.hyperledger.fabric.protos.peer.Transaction tx = org.hyperledger.fabric.protos.peer.Transaction.parseFrom(payload.getData());
        ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
        ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload());
        TxReadWriteSet rwSet = TxReadWriteSet.parseFrom(ChaincodeAction.parseFrom(prp.getExtension()).getResults());
        assertThat(rwSet.getNsRwsetList()).hasSize(1);
        assertThat(rwSet.getNsRwset(0).getNamespace()).isEqualTo(CC);
        return KVRWSet.parseFrom(rwSet.getNsRwset(0).getRwset());
    }

    @Test
    void chaincodeEventsResumeFromACheckpointWithExactlyTheMissedEvents() throws Exception {
        long start = peer.ledger().height();
        List<String> firstTxs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firstTxs.add(contract.newProposal("putWithEvent").addArguments("e" + i, "event-" + i).build().endorse()
                    .submitAsync().getTransactionId());
        }
        InMemoryCheckpointer checkpointer = new InMemoryCheckpointer();
        try (CloseableIterator<ChaincodeEvent> events = network.newChaincodeEventsRequest(CC).startBlock(start).build().getEvents()) {
            ChaincodeEvent first = events.next();
            assertThat(first.getTransactionId()).isEqualTo(firstTxs.get(0));
            assertThat(first.getEventName()).isEqualTo("stored");
            assertThat(new String(first.getPayload(), UTF_8)).isEqualTo("event-0");
            checkpointer.checkpointChaincodeEvent(first);
        }
        contract.submitTransaction("putWithEvent", "e3", "event-3");
        contract.submitTransaction("put", "no-event", "x");
        assertThat(checkpointer.getTransactionId()).contains(firstTxs.get(0));
        List<String> resumed = new ArrayList<>();
        try (CloseableIterator<ChaincodeEvent> events = network.newChaincodeEventsRequest(CC)
                .startBlock(start).checkpoint(checkpointer).build().getEvents()) {
            while (resumed.size() < 3) {
                resumed.add(new String(events.next().getPayload(), UTF_8));
            }
        }
        assertThat(resumed).containsExactly("event-1", "event-2", "event-3");
    }

    @Test
    void blockEventsFromBlockZeroFormAVerifiedChain() throws Exception {
        contract.submitTransaction("put", "blocks", "1");
        long height = peer.ledger().height();
        List<Block> blocks = new ArrayList<>();
        try (CloseableIterator<Block> it = network.newBlockEventsRequest().startBlock(0).build().getEvents()) {
            while (blocks.size() < height) {
                blocks.add(it.next());
            }
        }
        assertThat(firstType(blocks.get(0))).isEqualTo(HeaderType.CONFIG);
        assertChain(blocks);

        try (CloseableIterator<FilteredBlock> it = network.newFilteredBlockEventsRequest().startBlock(1).build().getEvents()) {
            FilteredBlock filtered = it.next();
            assertThat(filtered.getNumber()).isEqualTo(1);
            assertThat(filtered.getChannelId()).isEqualTo(peer.channelId());
            assertThat(filtered.getFilteredTransactions(0).getTxValidationCode()).isEqualTo(TxValidationCode.VALID);
        }
        try (CloseableIterator<BlockAndPrivateData> it = network.newBlockAndPrivateDataEventsRequest().startBlock(1).build().getEvents()) {
            assertThat(it.next().getBlock()).isEqualTo(blocks.get(1));
        }
    }

    @Test
    void qsccAnswersBlockAndTransactionLookupsWithAVerifiedChain() throws Exception {
        Transaction tx = contract.newProposal("put").addArguments("q", "1").build().endorse();
        tx.submit();
        Contract qscc = network.getContract("qscc");
        BlockchainInfo info = BlockchainInfo.parseFrom(qscc.evaluateTransaction("GetChainInfo", peer.channelId()));
        List<Block> blocks = new ArrayList<>();
        for (long n = 0; n < info.getHeight(); n++) {
            blocks.add(Block.parseFrom(qscc.evaluateTransaction("GetBlockByNumber", peer.channelId(), Long.toString(n))));
        }
        assertChain(blocks);
        Block last = blocks.get(blocks.size() - 1);
        assertThat(info.getCurrentBlockHash().toByteArray()).isEqualTo(BlockHashes.headerHash(last.getHeader()));

        Block byTx = Block.parseFrom(qscc.evaluateTransaction("GetBlockByTxID", peer.channelId(), tx.getTransactionId()));
        long number = peer.ledger().getTxStatus(tx.getTransactionId()).orElseThrow().blockNumber();
        assertThat(byTx).isEqualTo(blocks.get((int) number));
        ProcessedTransaction processed = ProcessedTransaction.parseFrom(
                qscc.evaluateTransaction("GetTransactionByID", peer.channelId(), tx.getTransactionId()));
        assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.VALID_VALUE);
        assertThat(byTx.getData().getDataList()).contains(processed.getTransactionEnvelope().toByteString());

        assertThatThrownBy(() -> qscc.evaluateTransaction("GetTransactionByID", peer.channelId(), "nope"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getDetails().get(0).getMessage())
                        .contains("Failed to get transaction with id nope"));
    }

    private static HeaderType firstType(Block block) throws Exception {
        Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
        return HeaderType.forNumber(ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getType());
    }

    /** Numbers, data hashes and previous-hash links, recomputed as a verifier would. */
    private static void assertChain(List<Block> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            assertThat(b.getHeader().getNumber()).isEqualTo(i);
            assertThat(b.getHeader().getDataHash().toByteArray()).isEqualTo(BlockHashes.dataHash(b.getData()));
            if (i > 0) {
                assertThat(b.getHeader().getPreviousHash().toByteArray())
                        .isEqualTo(BlockHashes.headerHash(blocks.get(i - 1).getHeader()));
            }
        }
    }

    @Test
    void aProposalSignedByAnUnknownCaIsRefused() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create("ca.RegistryMSP");
        SigningIdentity mallory = rogue.enroll("RegistryMSP", "mallory", MSPRoleType.CLIENT, Map.of("role", "court"));
        try (Clients rogueClients = Clients.connect(peer.endpoint(), mallory)) {
            Contract rogueContract = rogueClients.gateway().getNetwork(peer.channelId()).getContract(CC);
            assertThatThrownBy(() -> rogueContract.submitTransaction("put", "stolen", "x"))
                    .isInstanceOfSatisfying(EndorseException.class, e -> assertThat(e.getDetails().get(0).getMessage())
                            .contains("access denied: channel [registry] creator org [RegistryMSP]")
                            .contains("does not chain to a CA root"));
            assertThatThrownBy(() -> rogueContract.evaluateTransaction("get", "k1"))
                    .isInstanceOfSatisfying(GatewayException.class,
                            e -> assertThat(e.getDetails().get(0).getMessage()).contains("access denied"));
        }
        assertThat(peer.ledger().getState(CC, "stolen")).isEmpty();
    }

    @Test
    void aReusedTransactionIdIsRefused() throws Exception {
        Proposal proposal = contract.newProposal("put").addArguments("dup", "1").build();
        proposal.endorse().submit();
        assertThatThrownBy(proposal::endorse).isInstanceOfSatisfying(EndorseException.class,
                e -> assertThat(e.getDetails().get(0).getMessage()).contains("duplicate transaction found [" + proposal.getTransactionId() + "]"));
    }
}
