package org.dataright.peer.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Envelope;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * How long opening takes with the index checks, and how long a rebuild of the index from the block
 * files takes. Builds a ledger of {@code blocks} blocks of {@code txs} transactions (each writing two
 * keys, one of them recurring), then times, three times each: opening the intact ledger (RocksDB's
 * checksums of every file, the index compared with 8 blocks, the last block's signature), the first
 * time after a rebuild (when RocksDB replays its log into SST files) and again; RocksDB's check of
 * every SST block on its own; an open after {@link Ledger#dropIndexes} (a rebuild); and an open after
 * a byte of the MANIFEST was flipped (detection, moving aside, rebuild). Arguments: [directory [blocks [txs]]], default a temporary
 * directory, 2000 blocks, 5 transactions. Run it as the module README says.
 */
public final class RebuildBenchmark {
    private RebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("rebuild-bench");
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int txs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        TestNetwork net = new TestNetwork("OR('RegistryMSP.peer')");
        Path dir = root.resolve("ledger");
        long start = System.nanoTime();
        try (Ledger ledger = Ledger.open(net.options(dir))) {
            for (int b = 0; b < blocks; b++) {
                List<Envelope> envelopes = new ArrayList<>(txs);
                for (int t = 0; t < txs; t++) {
                    int i = b * txs + t;
                    envelopes.add(new TxBuilder(TestNetwork.CHANNEL, TestNetwork.CHAINCODE, net.registryPeer)
                            .endorsedBy(net.registryPeer)
                            .write("asset-" + i, "{\"asset\":\"asset-" + i + "\",\"holder\":\"alice\"}")
                            .write("holder-" + i % 100, Integer.toString(i))
                            .build());
                }
                ledger.commitBlock(envelopes);
            }
        }
        System.out.printf(Locale.ROOT, "rebuild benchmark: %d cores, Java %s; built %d blocks of %d transactions in %.1f s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), blocks, txs,
                (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "block files %.1f MiB, index %.1f MiB%n", size(dir.resolve(Ledger.BLOCKS_DIR)) / 1048576.0,
                size(dir.resolve(Ledger.INDEX_DIR)) / 1048576.0);
        System.out.println("run | open ms (first, replaying RocksDB's log) | open ms (again) | SST checksum check alone ms"
                + " | rebuild ms | blocks/s | tx/s | damaged MANIFEST: detect + rebuild ms");
        for (int run = 1; run <= 3; run++) {
            double first = timeOpen(net, dir);
            double again = timeOpen(net, dir);
            double checksums = timeChecksums(dir);
            Ledger.dropIndexes(dir);
            double rebuild = timeOpen(net, dir);
            IndexFiles.flip(IndexFiles.Kind.MANIFEST.files(IndexFiles.indexDir(dir)).get(0), new Random(run), 1);
            double damaged = timeOpen(net, dir);
            System.out.printf(Locale.ROOT, "%3d | %42.0f | %15.0f | %25.1f | %10.0f | %8.0f | %4.0f | %6.0f%n", run, first,
                    again, checksums, rebuild, (blocks + 1) / (rebuild / 1000), blocks * txs / (rebuild / 1000), damaged);
        }
        LedgerFiles.deleteTree(root);
    }

    private static double timeOpen(TestNetwork net, Path dir) {
        long start = System.nanoTime();
        Ledger ledger = Ledger.open(LedgerOptions.of(dir, net.orderer));
        double ms = (System.nanoTime() - start) / 1e6;
        ledger.close();
        return ms;
    }

    /** RocksDB's checksum verification of every SST block, as the index does it at open. */
    private static double timeChecksums(Path dir) throws RocksDBException {
        String index = IndexFiles.indexDir(dir).toString();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, index)) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        try (RocksDB db = RocksDB.openReadOnly(index, descriptors, handles)) {
            long start = System.nanoTime();
            db.verifyChecksum();
            return (System.nanoTime() - start) / 1e6;
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
