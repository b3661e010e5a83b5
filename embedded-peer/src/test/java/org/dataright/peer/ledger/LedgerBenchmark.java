package org.dataright.peer.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Commit throughput of the ledger with fsync, at block sizes 1, 10, 100 and 500. Transactions are
 * real: signed by a client, endorsed by two peers under the registry's policy
 * {@code AND('RegistryMSP.peer', OR('BankMSP.peer', 'CourtMSP.peer'))}, each writing one key; they
 * are signed before timing starts. Timed: cutting and signing the block, validating every
 * transaction (three ECDSA verifications, the policy, MVCC), appending and fsyncing the block, and
 * the RocksDB batch. Run it as the module README says; an optional argument names the directory
 * for the ledgers (default: a temporary directory).
 */
public final class LedgerBenchmark {
    private static final int[] BLOCK_SIZES = {1, 10, 100, 500};
    /** Blocks timed per block size: enough for a few seconds each at the small sizes. */
    private static final int[] BLOCKS = {300, 100, 20, 6};

    private LedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("ledger-bench");
        TestNetwork net = new TestNetwork();
        System.out.printf(Locale.ROOT, "ledger benchmark: %d cores, Java %s, ledgers in %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), root);
        warmUp(net, root.resolve("warm-up"));
        System.out.println("block size | blocks | transactions | seconds | committed tx/s | blocks/s");
        for (int i = 0; i < BLOCK_SIZES.length; i++) {
            run(net, root.resolve("size-" + BLOCK_SIZES[i]), BLOCK_SIZES[i], BLOCKS[i]);
        }
        LedgerFiles.deleteTree(root);
    }

    private static void warmUp(TestNetwork net, Path dir) {
        List<Envelope> txs = sign(net, 200, "warm");
        try (Ledger ledger = Ledger.open(net.options(dir))) {
            for (int i = 0; i < txs.size(); i += 20) {
                ledger.commitBlock(txs.subList(i, i + 20));
            }
        }
    }

    private static void run(TestNetwork net, Path dir, int blockSize, int blocks) {
        List<Envelope> txs = sign(net, blockSize * blocks, "s" + blockSize);
        try (Ledger ledger = Ledger.open(net.options(dir))) {
            long start = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                CommittedBlock block = ledger.commitBlock(txs.subList(b * blockSize, (b + 1) * blockSize));
                if (!block.transactions().stream().allMatch(t -> t.code() == TxValidationCode.VALID)) {
                    throw new IllegalStateException("benchmark transaction invalid in block " + block.number());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%10d | %6d | %12d | %7.2f | %14.0f | %8.1f%n",
                    blockSize, blocks, txs.size(), seconds, txs.size() / seconds, blocks / seconds);
        }
    }

    private static List<Envelope> sign(TestNetwork net, int count, String prefix) {
        List<Envelope> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txs.add(net.tx().write(prefix + "-" + i, "{\"asset\":\"" + prefix + "-" + i + "\",\"holder\":\"alice\"}").build());
        }
        return txs;
    }
}
