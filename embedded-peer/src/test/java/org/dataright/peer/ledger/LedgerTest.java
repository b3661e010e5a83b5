package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.config.ChannelConfig;
import org.dataright.fabric.config.ConfigBlockReader;
import org.dataright.fabric.msp.Organization;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    private static final TestNetwork NET = new TestNetwork();

    @TempDir
    Path dir;
    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(NET.options(dir));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void blockZeroIsAFabricConfigBlockThatReadsBackAsTheChannelConfig() throws Exception {
        Block genesis = ledger.getBlockByNumber(0).orElseThrow();
        assertThat(genesis.getHeader().getPreviousHash()).isEmpty();
        Envelope env = Envelope.parseFrom(genesis.getData().getData(0));
        ChannelHeader ch = ChannelHeader.parseFrom(Payload.parseFrom(env.getPayload()).getHeader().getChannelHeader());
        assertThat(ch.getType()).isEqualTo(HeaderType.CONFIG_VALUE);
        assertThat(ch.getChannelId()).isEqualTo(TestNetwork.CHANNEL);

        ChannelConfig read = ConfigBlockReader.read(genesis);
        assertThat(read.channelId()).isEqualTo(TestNetwork.CHANNEL);
        assertThat(read.endorsementPolicy()).isEqualTo(NET.config.endorsementPolicy());
        assertThat(read.membership().ordererMspIds()).containsExactly("RegistryMSP");
        assertThat(read.membership().organizations()).extracting(Organization::mspId)
                .containsExactlyInAnyOrder("RegistryMSP", "BankMSP", "CourtMSP");
        assertThat(read.membership().organization("BankMSP").orElseThrow().rootCerts())
                .containsExactly(NET.bankCa.certificate());
        assertThat(read.ordererAddresses()).containsExactly("127.0.0.1:7050");
        assertThat(ledger.verify().isOk()).isTrue();
    }

    @Test
    void committedBlockIsChainedSignedAndCarriesTheFilter() throws Exception {
        TxBuilder good = NET.tx().write("a", "1");
        TxBuilder bad = NET.tx().write("b", "2").endorsedBy(NET.registryPeer);
        CommittedBlock committed = ledger.commitBlock(List.of(good.build(), bad.build()));

        Block block = committed.block();
        Block genesis = ledger.getBlockByNumber(0).orElseThrow();
        assertThat(block.getHeader().getNumber()).isEqualTo(1);
        assertThat(block.getHeader().getPreviousHash().toByteArray()).isEqualTo(BlockHashes.headerHash(genesis.getHeader()));
        assertThat(block.getHeader().getDataHash().toByteArray()).isEqualTo(BlockHashes.dataHash(block.getData()));
        assertThat(block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray())
                .containsExactly(TxValidationCode.VALID_VALUE, TxValidationCode.ENDORSEMENT_POLICY_FAILURE_VALUE);
        Metadata signatures = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        assertThat(OrdererBlockMetadata.parseFrom(signatures.getValue()).getLastConfig().getIndex()).isZero();
        assertThat(LastConfig.parseFrom(Metadata.parseFrom(block.getMetadata().getMetadata(Blocks.LAST_CONFIG_SLOT)).getValue())
                .getIndex()).isZero();
        assertThat(Blocks.checkSignatures(block, NET.config.membership())).isNull();

        assertThat(committed.transactions()).extracting(TxResult::txId).containsExactly(good.txId(), bad.txId());
        assertThat(committed.transactions()).extracting(TxResult::code)
                .containsExactly(TxValidationCode.VALID, TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(ledger.getBlockByNumber(1)).contains(block);
        assertThat(ledger.getBlockByHash(ByteString.copyFrom(BlockHashes.headerHash(block.getHeader())))).contains(block);
        assertThat(ledger.getBlockByTxId(bad.txId())).contains(block);
        assertThat(ledger.getChainInfo().getHeight()).isEqualTo(2);
        assertThat(ledger.getChainInfo().getCurrentBlockHash().toByteArray()).isEqualTo(BlockHashes.headerHash(block.getHeader()));
        assertThat(ledger.getChainInfo().getPreviousBlockHash()).isEqualTo(block.getHeader().getPreviousHash());
    }

    @Test
    void onlyValidTransactionsChangeStateAndHistory() {
        TxBuilder good = NET.tx().write("a", "1");
        TxBuilder bad = NET.tx().write("b", "2").endorsedBy(NET.bankPeer);
        ledger.commitBlock(List.of(good.build(), bad.build()));

        VersionedValue a = ledger.getState(TestNetwork.CHAINCODE, "a").orElseThrow();
        assertThat(a.value().toStringUtf8()).isEqualTo("1");
        assertThat(a.version().getBlockNum()).isEqualTo(1);
        assertThat(a.version().getTxNum()).isZero();
        assertThat(ledger.getState(TestNetwork.CHAINCODE, "b")).isEmpty();
        assertThat(ledger.getHistory(TestNetwork.CHAINCODE, "b")).isEmpty();

        ProcessedTransaction processed = ledger.getTransactionById(bad.txId()).orElseThrow();
        assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE_VALUE);
        assertThat(ledger.getTxStatus(good.txId())).contains(new TxStatus(1, 0, TxValidationCode.VALID));
    }

    @Test
    void historyIsNewestFirstWithDeleteMarkersAndTimestamps() {
        TxBuilder first = NET.tx().write("asset~1", "v1");
        ledger.commitBlock(List.of(first.build()));
        TxBuilder second = NET.tx().write("asset~1", "v2");
        ledger.commitBlock(List.of(second.build()));
        TxBuilder third = NET.tx().delete("asset~1");
        ledger.commitBlock(List.of(third.build()));

        List<HistoryEntry> history = ledger.getHistory(TestNetwork.CHAINCODE, "asset~1");
        assertThat(history).extracting(HistoryEntry::txId).containsExactly(third.txId(), second.txId(), first.txId());
        assertThat(history).extracting(HistoryEntry::isDelete).containsExactly(true, false, false);
        assertThat(history).extracting(HistoryEntry::blockNumber).containsExactly(3L, 2L, 1L);
        assertThat(history.get(1).value().toStringUtf8()).isEqualTo("v2");
        assertThat(history.get(0).timestamp().getSeconds()).isPositive();
        assertThat(history.get(2).toKeyModification().getTxId()).isEqualTo(first.txId());
        assertThat(ledger.getState(TestNetwork.CHAINCODE, "asset~1")).isEmpty();
    }

    @Test
    void rangesAreInUtf8ByteOrderAndSeparateCompositeKeysAndNamespaces() {
        String composite1 = "\u0000right\u0000bob\u0000r1\u0000";
        String composite2 = "\u0000right\u0000alice\u0000r2\u0000";
        ledger.commitBlock(List.of(NET.tx().write("b", "1").write("a", "1").write("\uD83D\uDE00", "emoji")
                .write("\uFFFD", "replacement").write(composite1, "x").write(composite2, "y").build()));
        ledger.commitBlock(List.of(new TxBuilder(TestNetwork.CHANNEL, "other", NET.client)
                .endorsedBy(NET.registryPeer, NET.courtPeer).write("a", "other").build()));

        assertThat(ledger.getStateRange(TestNetwork.CHAINCODE, "\u0001", ""))
                .extracting(StateEntry::key).containsExactly("a", "b", "\uFFFD", "\uD83D\uDE00");
        assertThat(ledger.getStateRange(TestNetwork.CHAINCODE, "\u0000right\u0000", "\u0000right\u0000\uDBFF\uDFFF"))
                .extracting(StateEntry::key).containsExactly(composite2, composite1);
        assertThat(ledger.getStateRange(TestNetwork.CHAINCODE, "a", "b")).extracting(StateEntry::key).containsExactly("a");
        assertThat(ledger.getStateRange("other", "", "")).extracting(StateEntry::key).containsExactly("a");
    }

    @Test
    void snapshotKeepsItsViewWhileBlocksCommit() {
        ledger.commitBlock(List.of(NET.tx().write("k1", "1").write("k2", "2").build()));
        try (StateSnapshot snapshot = ledger.snapshot()) {
            ledger.commitBlock(List.of(NET.tx().write("k1", "changed").write("k3", "3").build()));
            assertThat(snapshot.height()).isEqualTo(2);
            assertThat(snapshot.getState(TestNetwork.CHAINCODE, "k1").orElseThrow().value().toStringUtf8()).isEqualTo("1");
            assertThat(snapshot.rangeList(TestNetwork.CHAINCODE, "", "")).extracting(StateEntry::key).containsExactly("k1", "k2");
        }
        assertThat(ledger.getStateRange(TestNetwork.CHAINCODE, "", "")).extracting(StateEntry::key).containsExactly("k1", "k2", "k3");
    }

    @Test
    void listenersHearOfCommittedBlocksWithEventsOfValidTransactionsOnly() {
        List<CommittedBlock> heard = new ArrayList<>();
        ledger.addCommitListener(heard::add);
        TxBuilder valid = NET.tx().write("k", "v").event("Registered", "{\"id\":1}");
        TxBuilder invalid = NET.tx().write("j", "v").event("Registered", "{\"id\":2}").endorsedBy(NET.bankPeer);
        CommittedBlock committed = ledger.commitBlock(List.of(valid.build(), invalid.build()));

        assertThat(heard).containsExactly(committed);
        assertThat(committed.transactions().get(0).event()).hasValueSatisfying(e -> {
            assertThat(e.getEventName()).isEqualTo("Registered");
            assertThat(e.getPayload().toStringUtf8()).isEqualTo("{\"id\":1}");
        });
        assertThat(committed.transactions().get(1).event()).isEmpty();
    }

    @Test
    void reopenKeepsEverythingAndContinuesTheChain() {
        ledger.commitBlock(List.of(NET.tx().write("k", "v").build()));
        ByteString hash = ledger.getChainInfo().getCurrentBlockHash();
        ledger.close();

        ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer));
        assertThat(ledger.height()).isEqualTo(2);
        assertThat(ledger.getChainInfo().getCurrentBlockHash()).isEqualTo(hash);
        assertThat(ledger.channelId()).isEqualTo(TestNetwork.CHANNEL);
        CommittedBlock next = ledger.commitBlock(List.of(NET.tx().write("k", "w").build()));
        assertThat(next.block().getHeader().getPreviousHash()).isEqualTo(hash);
        assertThat(ledger.verify().isOk()).isTrue();
    }

    @Test
    void refusesAnOrdererIdentityOutsideTheOrdererOrganisations() {
        ledger.close();
        assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(dir, NET.bankPeer)))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("BankMSP, which is not an orderer organisation");
        ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer));
    }

    @Test
    void refusesToCreateALedgerWithoutAConfiguration(@TempDir Path empty) {
        assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(empty, NET.orderer)))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("no channel configuration");
    }

    @Test
    void readsAfterCloseFailClearly() {
        ledger.close();
        assertThatThrownBy(() -> ledger.getState(TestNetwork.CHAINCODE, "k"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> ledger.commitBlock(List.of(NET.tx().build())))
                .isInstanceOf(IllegalStateException.class);
    }
}
