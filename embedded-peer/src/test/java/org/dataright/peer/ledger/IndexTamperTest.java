package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dataright.fabric.block.BlockHashes;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Damage to the RocksDB index is found when the ledger opens, and the index is then moved aside to
 * {@code index.damaged-1/} and rebuilt from the block files, after which every column family (state,
 * history, block and tx indexes, savepoint) is byte for byte what it was and the chain info is the
 * same. Damage comes as flipped bytes in each kind of RocksDB file, in two images of a ledger: one
 * closed cleanly and reopened (SST files, a MANIFEST, a write-ahead log with the last blocks) and one
 * copied while the ledger was open (what SIGKILL leaves: everything only in the write-ahead log);
 * as files lost; and as well-formed but wrong values written into RocksDB, which the comparison of
 * the index with the block files finds.
 */
class IndexTamperTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final String CC = TestNetwork.CHAINCODE;
    private static final int SEEDS = 5;

    /** What an image's ledger reads as when undamaged. */
    private record Reference(BlockchainInfo chain, List<String> index) {
    }

    @TempDir
    static Path images;
    private static Path closed;
    private static Path killed;
    private static Reference closedReference;
    private static Reference killedReference;

    @TempDir
    Path work;

    @BeforeAll
    static void buildImages() {
        closed = images.resolve("closed");
        try (Ledger ledger = Ledger.open(NET.options(closed))) {
            IndexFiles.fill(ledger, NET::tx, 0, 24);
        }
        // Reopening flushes the first session's write-ahead log into SST files; these blocks stay in the new log.
        try (Ledger ledger = Ledger.open(LedgerOptions.of(closed, NET.orderer))) {
            IndexFiles.fill(ledger, NET::tx, 24, 6);
        }
        killed = images.resolve("killed");
        Path live = images.resolve("live");
        try (Ledger ledger = Ledger.open(NET.options(live))) {
            IndexFiles.fill(ledger, NET::tx, 0, 30);
            // Every write has reached the kernel, none is synced or flushed: the files as SIGKILL leaves them.
            LedgerFiles.copyTree(live, killed);
        }
        assertThat(IndexFiles.Kind.SST.files(IndexFiles.indexDir(closed))).isNotEmpty();
        assertThat(IndexFiles.Kind.WAL.files(IndexFiles.indexDir(closed))).hasSize(1);
        assertThat(IndexFiles.Kind.SST.files(IndexFiles.indexDir(killed))).isEmpty();
        assertThat(IndexFiles.Kind.WAL.files(IndexFiles.indexDir(killed))).hasSize(1);
        closedReference = reference(closed, "closed-reference");
        killedReference = reference(killed, "killed-reference");
        assertThat(closedReference.chain().getHeight()).isEqualTo(31);
        assertThat(killedReference.chain().getHeight()).isEqualTo(31);
    }

    private static Reference reference(Path image, String name) {
        Path copy = images.resolve(name);
        LedgerFiles.copyTree(image, copy);
        BlockchainInfo chain;
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            chain = ledger.getChainInfo();
            assertThat(ledger.verify().isOk()).isTrue();
        }
        assertThat(copy.resolve("index.damaged-1")).doesNotExist();
        return new Reference(chain, IndexFiles.dump(copy));
    }

    static Stream<Arguments> flips() {
        List<Arguments> cases = new ArrayList<>();
        for (String image : List.of("closed", "killed")) {
            for (IndexFiles.Kind kind : List.of(IndexFiles.Kind.SST, IndexFiles.Kind.MANIFEST, IndexFiles.Kind.WAL,
                    IndexFiles.Kind.CURRENT)) {
                if (image.equals("killed") && kind == IndexFiles.Kind.SST) {
                    continue;
                }
                for (long seed = 1; seed <= SEEDS; seed++) {
                    cases.add(Arguments.of(image, kind, seed));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} image, {1}, seed {2}")
    @MethodSource("flips")
    void flippedBytesInTheIndexAreDetectedAndTheIndexIsRebuilt(String image, IndexFiles.Kind kind, long seed) {
        Path copy = copyOf(image);
        Random random = new Random(seed * 7919 + kind.ordinal());
        List<Path> candidates = kind.files(IndexFiles.indexDir(copy));
        Path file = candidates.get(random.nextInt(candidates.size()));
        IndexFiles.flip(file, random, 1 + random.nextInt(3));
        byte[] damaged = LedgerFiles.read(file);

        assertRebuilt(copy, referenceOf(image));
        assertThat(copy.resolve("index.damaged-1").resolve(file.getFileName())).as("the damaged file, kept aside")
                .hasBinaryContent(damaged);
    }

    static Stream<Arguments> recyclableRecordTypes() {
        List<Arguments> cases = new ArrayList<>();
        int[] types = {5, 6, 7, 8, 11};
        int i = 0;
        for (String image : List.of("closed", "killed")) {
            for (IndexFiles.Kind kind : List.of(IndexFiles.Kind.WAL, IndexFiles.Kind.MANIFEST)) {
                for (String record : List.of("first", "middle", "last")) {
                    cases.add(Arguments.of(image, kind, record, types[i++ % types.length]));
                }
            }
        }
        return cases.stream();
    }

    /**
     * RocksDB 9.8 loops for ever reading a log record header whose type is one of the recyclable log
     * format (facebook/rocksdb#13333): one flipped byte would hang the open. The index refuses such a
     * header before RocksDB reads it. (The timeout turns a regression into a failure, not a hung build.)
     */
    @ParameterizedTest(name = "{0} image, {1}, {2} record, type {3}")
    @MethodSource("recyclableRecordTypes")
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRecordTypeRocksDbWouldLoopOnIsDetected(String image, IndexFiles.Kind kind, String record, int type) {
        Path copy = copyOf(image);
        Path file = kind.files(IndexFiles.indexDir(copy)).get(0);
        List<Long> records = IndexFiles.logRecords(file);
        long header = records.get(switch (record) {
            case "first" -> 0;
            case "middle" -> records.size() / 2;
            default -> records.size() - 1;
        });
        byte[] bytes = LedgerFiles.read(file);
        bytes[(int) header + 6] = (byte) type;
        LedgerFiles.write(file, bytes);

        assertRebuilt(copy, referenceOf(image));
    }

    @Test
    void flipsInFilesRocksDbReadsNoDataFromChangeNothing() {
        // OPTIONS is written at each open, never read (the options are in the code); IDENTITY and the
        // info LOG do not hold data. Damage there is harmless, so it is neither reported nor acted on.
        for (IndexFiles.Kind kind : List.of(IndexFiles.Kind.OPTIONS, IndexFiles.Kind.IDENTITY, IndexFiles.Kind.INFO_LOG)) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                Path copy = work.resolve(kind + "-" + seed);
                LedgerFiles.copyTree(closed, copy);
                Random random = new Random(seed);
                List<Path> candidates = kind.files(IndexFiles.indexDir(copy));
                assertThat(candidates).as(kind.toString()).isNotEmpty();
                IndexFiles.flip(candidates.get(random.nextInt(candidates.size())), random, 1 + random.nextInt(3));
                try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
                    assertThat(ledger.getChainInfo()).isEqualTo(closedReference.chain());
                }
                assertThat(copy.resolve("index.damaged-1")).as(kind + ", seed " + seed).doesNotExist();
                assertThat(IndexFiles.dump(copy)).as(kind + ", seed " + seed).isEqualTo(closedReference.index());
            }
        }
    }

    @Test
    void lostIndexFilesAreDetectedAndTheIndexIsRebuilt() throws Exception {
        for (IndexFiles.Kind kind : List.of(IndexFiles.Kind.SST, IndexFiles.Kind.MANIFEST, IndexFiles.Kind.CURRENT)) {
            Path copy = work.resolve("lost-" + kind);
            LedgerFiles.copyTree(closed, copy);
            Files.delete(kind.files(IndexFiles.indexDir(copy)).get(0));
            assertRebuilt(copy, closedReference);
        }
    }

    @Test
    void aLostWriteAheadLogLooksLikeACrashAndIsReplayed() throws Exception {
        // Without the log, RocksDB opens at the state of its SST files: an index that is behind the
        // block files, as after a crash, which the replay of the blocks after its savepoint mends.
        Path copy = work.resolve("lost-log");
        LedgerFiles.copyTree(closed, copy);
        Files.delete(IndexFiles.Kind.WAL.files(IndexFiles.indexDir(copy)).get(0));
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            assertThat(ledger.getChainInfo()).isEqualTo(closedReference.chain());
        }
        assertThat(copy.resolve("index.damaged-1")).doesNotExist();
        assertThat(IndexFiles.dump(copy)).isEqualTo(closedReference.index());
    }

    @Test
    void currentNamingAnAbsentManifestIsDamage() {
        Path copy = work.resolve("current");
        LedgerFiles.copyTree(closed, copy);
        LedgerFiles.write(IndexFiles.indexDir(copy).resolve("CURRENT"), "MANIFEST-999999\n".getBytes(StandardCharsets.US_ASCII));
        assertRebuilt(copy, closedReference);
    }

    /** The last block of the closed image and what its first transaction wrote. */
    private record LastBlock(long number, byte[] hash, BlockLocation location, BlockLocation previousLocation, String txId,
            KVWrite write) {
    }

    private static LastBlock lastBlock(Path ledgerDir) {
        List<BlockLocation> locations = LedgerFiles.locations(ledgerDir);
        long n = locations.size() - 1;
        try (Ledger ledger = Ledger.open(LedgerOptions.of(ledgerDir, NET.orderer))) {
            Block block = ledger.getBlockByNumber(n).orElseThrow();
            ParsedTx tx = ParsedTx.parse(0, block.getData().getData(0));
            return new LastBlock(n, BlockHashes.headerHash(block.getHeader()), locations.get((int) n),
                    locations.get((int) n - 1), tx.txId(), tx.rwSets.get(0).kv().getWrites(0));
        }
    }

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("savepoint moved back", (Consumer<Raw>) raw ->
                        raw.put("default", IndexKeys.SAVEPOINT, IndexKeys.u64(raw.last.number() - 3))),
                Arguments.of("savepoint moved forward", (Consumer<Raw>) raw ->
                        raw.put("default", IndexKeys.SAVEPOINT, IndexKeys.u64(raw.last.number() + 5))),
                Arguments.of("last block's entry pointing at the block before", (Consumer<Raw>) raw ->
                        raw.put("blocks", IndexKeys.blockKey(raw.last.number()),
                                IndexKeys.blockEntry(raw.last.previousLocation(), raw.last.hash()))),
                Arguments.of("hash index entry of the last block removed", (Consumer<Raw>) raw ->
                        raw.delete("blocks", IndexKeys.hashKey(raw.last.hash()))),
                Arguments.of("validation code in the tx index changed", (Consumer<Raw>) raw ->
                        raw.put("txids", IndexKeys.utf8(raw.last.txId()), IndexKeys.txValue(raw.last.number(), 0,
                                TxValidationCode.MVCC_READ_CONFLICT_VALUE))),
                Arguments.of("tx index entry removed", (Consumer<Raw>) raw ->
                        raw.delete("txids", IndexKeys.utf8(raw.last.txId()))),
                Arguments.of("state value changed", (Consumer<Raw>) raw ->
                        raw.put("state", IndexKeys.stateKey(CC, raw.last.write().getKey()),
                                IndexKeys.stateValue(raw.last.number(), 0, "forged".getBytes(StandardCharsets.UTF_8)))),
                Arguments.of("history entry removed", (Consumer<Raw>) raw ->
                        raw.delete("history", IndexKeys.historyKey(CC, raw.last.write().getKey(), raw.last.number(), 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongValues")
    void wellFormedButWrongValuesAreFoundByComparingTheIndexWithTheBlocks(String what, Consumer<Raw> change) {
        Path copy = work.resolve("wrong");
        LedgerFiles.copyTree(closed, copy);
        LastBlock last = lastBlock(copy);
        try (Raw raw = new Raw(copy, last)) {
            change.accept(raw);
        }
        assertRebuilt(copy, closedReference);
    }

    @Test
    void aWellFormedChangeToAKeyWrittenOnlyInUncheckedBlocksIsNotDetected() {
        // The limit of the comparison at open: it looks at 8 blocks (of 31 here: 0, 4, 8, 12, 17, 21,
        // 25, 30). A key written only in block 2, rewritten with a valid RocksDB checksum, passes.
        Path copy = work.resolve("unchecked");
        LedgerFiles.copyTree(closed, copy);
        String key = "\u0000asset\u00001\u0000";
        try (Raw raw = new Raw(copy, null)) {
            raw.put("state", IndexKeys.stateKey(CC, key), IndexKeys.stateValue(2, 0, "forged".getBytes(StandardCharsets.UTF_8)));
        }
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            assertThat(ledger.getState(CC, key).orElseThrow().value().toStringUtf8()).isEqualTo("forged");
            assertThat(ledger.getHistory(CC, key).get(0).value().toStringUtf8()).startsWith("{\"asset\":1,");
        }
        assertThat(copy.resolve("index.damaged-1")).doesNotExist();
    }

    @Test
    void aBlockMissingFromTheBlockFilesIsNotMistakenForIndexDamage() {
        // The index's savepoint names block 30, its checksums hold, but the block files end at 29:
        // the block files lost an acknowledged block. That is refused, the index left in place.
        Path copy = work.resolve("lost-block");
        LedgerFiles.copyTree(closed, copy);
        BlockLocation last = LedgerFiles.locations(copy).get(30);
        Path file = LedgerFiles.file(copy, last.fileNumber());
        byte[] bytes = LedgerFiles.read(file);
        LedgerFiles.write(file, Arrays.copyOf(bytes, (int) last.offset()));
        assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(copy, NET.orderer)))
                .isInstanceOfSatisfying(LedgerCorruptionException.class, e -> assertThat(e.blockNumber()).isEqualTo(30));
        assertThat(copy.resolve("index.damaged-1")).doesNotExist();
    }

    @Test
    void anOpenLedgerIsNeitherOpenedAgainNorHasItsIndexDropped() {
        // The lock is what makes moving a damaged index aside safe: no other open can be using it.
        Path copy = work.resolve("locked");
        LedgerFiles.copyTree(closed, copy);
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            assertThatThrownBy(() -> Ledger.open(LedgerOptions.of(copy, NET.orderer)))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("is already open in this process");
            assertThatThrownBy(() -> Ledger.dropIndexes(copy))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("is already open in this process");
            assertThat(ledger.getChainInfo()).isEqualTo(closedReference.chain());
        }
        assertThat(IndexFiles.dump(copy)).isEqualTo(closedReference.index());
    }

    @Test
    void rebuildTime() {
        Path copy = work.resolve("rebuild");
        LedgerFiles.copyTree(closed, copy);
        Ledger.dropIndexes(copy);
        long start = System.nanoTime();
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            double ms = (System.nanoTime() - start) / 1e6;
            System.out.printf(Locale.ROOT, "IndexTamperTest: open with a rebuild of %d blocks took %.0f ms%n", ledger.height(), ms);
            assertThat(ledger.getChainInfo()).isEqualTo(closedReference.chain());
        }
        assertThat(IndexFiles.dump(copy)).isEqualTo(closedReference.index());
    }

    private Path copyOf(String image) {
        Path copy = work.resolve("ledger");
        LedgerFiles.copyTree(image.equals("closed") ? closed : killed, copy);
        return copy;
    }

    private static Reference referenceOf(String image) {
        return image.equals("closed") ? closedReference : killedReference;
    }

    /** Opening finds the damage, moves the index aside once, rebuilds it: same chain, same index bytes. */
    private static void assertRebuilt(Path copy, Reference reference) {
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            assertThat(ledger.getChainInfo()).isEqualTo(reference.chain());
            assertThat(ledger.verify().isOk()).isTrue();
        }
        assertThat(copy.resolve("index.damaged-1")).as("the damaged index, moved aside").isDirectory();
        assertThat(copy.resolve("index.damaged-2")).doesNotExist();
        assertThat(IndexFiles.dump(copy)).isEqualTo(reference.index());
        // Once rebuilt, the index opens as it is.
        try (Ledger ledger = Ledger.open(LedgerOptions.of(copy, NET.orderer))) {
            assertThat(ledger.getChainInfo()).isEqualTo(reference.chain());
        }
        assertThat(copy.resolve("index.damaged-2")).doesNotExist();
    }

    /** Direct writes into a closed ledger's RocksDB, with valid checksums: what an attacker with file access can do. */
    static final class Raw implements AutoCloseable {
        final LastBlock last;
        private final DBOptions options = new DBOptions();
        private final List<ColumnFamilyHandle> handles = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private final RocksDB db;

        Raw(Path ledgerDir, LastBlock last) {
            this.last = last;
            String dir = IndexFiles.indexDir(ledgerDir).toString();
            try (Options listing = new Options()) {
                List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
                for (byte[] name : RocksDB.listColumnFamilies(listing, dir)) {
                    descriptors.add(new ColumnFamilyDescriptor(name));
                    names.add(new String(name, StandardCharsets.UTF_8));
                }
                db = RocksDB.open(options, dir, descriptors, handles);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        void put(String cf, byte[] key, byte[] value) {
            try {
                db.put(handles.get(names.indexOf(cf)), key, value);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        void delete(String cf, byte[] key) {
            try {
                db.delete(handles.get(names.indexOf(cf)), key);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            options.close();
        }
    }
}
