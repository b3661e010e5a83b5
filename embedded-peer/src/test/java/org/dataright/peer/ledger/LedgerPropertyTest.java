package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Committed blocks of arbitrary writes and deletes leave the state, history and chain a model
 * predicts — after commit, after reopening, and after the indexes are rebuilt from the blocks.
 */
class LedgerPropertyTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final String CC = TestNetwork.CHAINCODE;

    /** One write: key, and value or null for a delete. */
    record Op(String key, String value) {
    }

    @Provide
    Arbitrary<List<List<List<Op>>>> blocks() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "\u0000t\u0000x\u0000", "\u00e9", "\uD83D\uDE00");
        Arbitrary<String> values = Arbitraries.strings().alpha().ofMaxLength(6).injectNull(0.25);
        Arbitrary<Op> op = Combinators.combine(keys, values).as(Op::new);
        Arbitrary<List<Op>> tx = op.list().ofMinSize(1).ofMaxSize(3).uniqueElements(Op::key);
        return tx.list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 8)
    void stateAndHistoryMatchTheModelAcrossReopenAndRebuild(@ForAll("blocks") List<List<List<Op>>> blocks) throws Exception {
        Path dir = Files.createTempDirectory("ledger");
        Map<String, String> model = new TreeMap<>(Utf8Order.COMPARATOR);
        Map<String, Integer> changes = new HashMap<>();
        try {
            try (Ledger ledger = Ledger.open(NET.options(dir).withMaxBlockFileBytes(4096))) {
                for (List<List<Op>> block : blocks) {
                    List<Envelope> envelopes = new ArrayList<>();
                    for (List<Op> tx : block) {
                        TxBuilder b = NET.tx();
                        for (Op op : tx) {
                            if (op.value() == null) {
                                b.delete(op.key());
                                model.remove(op.key());
                            } else {
                                b.write(op.key(), op.value());
                                model.put(op.key(), op.value());
                            }
                            changes.merge(op.key(), 1, Integer::sum);
                        }
                        envelopes.add(b.build());
                    }
                    assertThat(ledger.commitBlock(envelopes).transactions()).allMatch(t -> t.code() == TxValidationCode.VALID);
                }
                assertMatches(ledger, model, changes, blocks.size() + 1);
            }
            try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
                assertMatches(ledger, model, changes, blocks.size() + 1);
            }
            Ledger.dropIndexes(dir);
            try (Ledger ledger = Ledger.open(LedgerOptions.of(dir, NET.orderer))) {
                assertMatches(ledger, model, changes, blocks.size() + 1);
                assertThat(ledger.verify().isOk()).isTrue();
            }
        } finally {
            LedgerFiles.deleteTree(dir);
        }
    }

    private static void assertMatches(Ledger ledger, Map<String, String> model, Map<String, Integer> changes, long height) {
        assertThat(ledger.height()).isEqualTo(height);
        Map<String, String> state = new java.util.LinkedHashMap<>();
        for (StateEntry e : ledger.getStateRange(CC, "", "")) {
            state.put(e.key(), e.value().toStringUtf8());
        }
        assertThat(state).containsExactlyEntriesOf(model);
        for (Map.Entry<String, Integer> c : changes.entrySet()) {
            List<HistoryEntry> history = ledger.getHistory(CC, c.getKey());
            assertThat(history).hasSize(c.getValue());
            assertThat(history.get(0).isDelete()).isEqualTo(!model.containsKey(c.getKey()));
        }
    }
}
