package org.dataright.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/** The leaf entries of a block: its valid transactions only, in order, as canonical JSON computed from the block alone. */
class LeafEntryTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void oneEntryPerValidTransactionWithTheSortedHashesOfItsWrittenKeys() throws Exception {
        Block block = LogBlocks.block(7,
                LogBlocks.Tx.valid("tx-a", "rights", "asset~B", "asset~A", "asset~B"),
                LogBlocks.Tx.invalid("tx-b", TxValidationCode.MVCC_READ_CONFLICT, "rights", "asset~C"),
                new LogBlocks.Tx("tx-c", TxValidationCode.VALID, HeaderType.CONFIG, "rights", List.of("ignored")));

        List<byte[]> entries = LeafEntry.of(block);

        assertThat(entries).hasSize(2);
        String a = sha256Hex("rights\0asset~A".getBytes(StandardCharsets.UTF_8));
        String b = sha256Hex("rights\0asset~B".getBytes(StandardCharsets.UTF_8));
        String first = a.compareTo(b) < 0 ? a + "\",\"" + b : b + "\",\"" + a;
        assertThat(new String(entries.get(0), StandardCharsets.UTF_8)).isEqualTo("{\"block\":7,\"envelope\":\""
                + sha256Hex(block.getData().getData(0).toByteArray()) + "\",\"tx\":0,\"txId\":\"tx-a\","
                + "\"validation\":\"VALID\",\"writes\":[\"" + first + "\"]}");
        // A configuration transaction writes no keys of a namespace: its entry has none.
        assertThat(new String(entries.get(1), StandardCharsets.UTF_8)).isEqualTo("{\"block\":7,\"envelope\":\""
                + sha256Hex(block.getData().getData(2).toByteArray()) + "\",\"tx\":2,\"txId\":\"tx-c\","
                + "\"validation\":\"VALID\",\"writes\":[]}");
        // Anyone with the block gets the same bytes.
        assertThat(LeafEntry.of(Block.parseFrom(block.toByteArray()))).containsExactlyElementsOf(entries);
    }

    @Test
    void theWorkedExampleOfTheDocumentation() throws Exception {
        java.util.TreeSet<String> writes = new java.util.TreeSet<>(List.of(
                HEX.formatHex(LeafEntry.keyHash("rights", "asset~A-1")),
                HEX.formatHex(LeafEntry.keyHash("rights", "holding~A-1~RegistryMSP::CN=acme"))));
        byte[] entry = LeafEntry.render(5, 0, "9a3c5e0f", LeafEntry.sha256("example envelope".getBytes(StandardCharsets.UTF_8)),
                writes);
        assertThat(new String(entry, StandardCharsets.UTF_8)).isEqualTo("{\"block\":5,\"envelope\":"
                + "\"708d29190cefe1cfb47c2f71eac66f0cf882466a9cfb11b4456347a49a1be14d\",\"tx\":0,\"txId\":\"9a3c5e0f\","
                + "\"validation\":\"VALID\",\"writes\":[\"393537b44c2ec44913425588e66638e7dd941afc98f96e046873cae854a5b541\","
                + "\"bd028dd23b96e8f5f979bee9d89ff800692c0a47d468869828886ba0c19c0c57\"]}");
        assertThat(entry).hasSize(280);
        assertThat(HEX.formatHex(TreeHash.leaf(entry)))
                .isEqualTo("c3edec2b36e7b73c7aa3b96ebeefe3191067c414c9cc32e680c81ada5228dcf9");
    }

    @Test
    void aTransactionWritingManyKeysHasADigestOfThemSoItsEntryFitsABundle() {
        String[] keys = new String[LeafEntry.MAX_LISTED_WRITES + 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "k" + i;
        }
        String entry = new String(LeafEntry.of(LogBlocks.block(0, LogBlocks.Tx.valid("tx-big", "rights", keys))).get(0),
                StandardCharsets.UTF_8);
        assertThat(entry).contains("\"writeCount\":513,\"writesDigest\":\"").doesNotContain("\"writes\"");
    }

    @Test
    void aBlockWithoutATransactionsFilterHasNoLeaves() {
        Block block = LogBlocks.block(3, LogBlocks.Tx.valid("tx-a", "rights", "k")).toBuilder().clearMetadata().build();
        assertThat(LeafEntry.of(block)).isEmpty();
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
