package org.dataright.peer.ledger;

import com.google.protobuf.ByteString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dataright.fabric.block.BlockHashes;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;

/**
 * What the walk over the whole chain at {@link Ledger#open} costs: it builds block files of
 * {@code ACTS} small, really signed and endorsed transactions (about 3 KB each, as an act is), cut into
 * blocks of {@code ACTS_PER_BLOCK}, then times {@link ChainVerifier} over them as open runs it (record
 * checksums, numbers, hash chain, data hashes; no per-block signature), three times. The block files are
 * written directly in the block store's record format, without fsync and without validation, so that a
 * million acts take minutes to build rather than hours; the envelopes repeat every 1000 (the walk checks
 * hashes, not tx ids). Arguments: a directory, the number of acts, one or more blocks sizes
 * ({@code DIR 1000000 500,10}).
 */
public final class ChainVerifyBenchmark {
    private static final int DISTINCT_ENVELOPES = 1000;
    private static final long MAX_FILE_BYTES = LedgerOptions.DEFAULT_MAX_BLOCK_FILE_BYTES;

    private ChainVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createDirectories(Path.of(args[0]));
        long acts = Long.parseLong(args[1]);
        TestNetwork net = new TestNetwork();
        List<ByteString> envelopes = new ArrayList<>();
        for (int i = 0; i < DISTINCT_ENVELOPES; i++) {
            envelopes.add(net.tx().write("A-" + i, "{\"asset\":\"A-" + i + "\",\"holder\":\"alice\",\"digest\":\""
                    + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}").build().toByteString());
        }
        System.out.printf(Locale.ROOT, "chain verification benchmark: %d cores, Java %s, %d acts of %d bytes on average%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), acts,
                envelopes.stream().mapToLong(ByteString::size).sum() / envelopes.size());
        System.out.println("acts/block | blocks | block files MiB | build s | verify s (3 runs) | µs per act | MiB/s");
        for (String size : args[2].split(",")) {
            run(net, root.resolve("acts-" + acts + "-per-" + size), acts, Integer.parseInt(size), envelopes);
        }
    }

    private static void run(TestNetwork net, Path dir, long acts, int perBlock, List<ByteString> envelopes) throws IOException {
        LedgerFiles.deleteTree(dir);
        long started = System.nanoTime();
        // Block 0, the channel's config block, as a real ledger has it.
        Ledger.open(net.options(dir)).close();
        Path blocks = dir.resolve(Ledger.BLOCKS_DIR);
        long height = build(net, blocks, acts, perBlock, envelopes);
        double build = (System.nanoTime() - started) / 1e9;
        long bytes = 0;
        try (var files = Files.list(blocks)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
            }
        }
        StringBuilder runs = new StringBuilder();
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            try (BlockStore store = new BlockStore(blocks, MAX_FILE_BYTES)) {
                long t = System.nanoTime();
                VerificationReport report = ChainVerifier.verify(store, height, false);
                double seconds = (System.nanoTime() - t) / 1e9;
                if (!report.isOk()) {
                    throw new IllegalStateException("the benchmark's chain does not verify: " + report);
                }
                runs.append(run == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", seconds));
                best = Math.min(best, seconds);
            }
        }
        double mib = bytes / 1048576.0;
        System.out.printf(Locale.ROOT, "%10d | %6d | %15.0f | %7.1f | %17s | %10.2f | %5.0f%n", perBlock, height, mib, build,
                runs, best * 1e6 / acts, mib / best);
        LedgerFiles.deleteTree(dir);
    }

    /** Appends blocks after block 0 until {@code acts} transactions are in; returns the height. */
    private static long build(TestNetwork net, Path blocks, long acts, int perBlock, List<ByteString> envelopes)
            throws IOException {
        Path first = blocks.resolve(BlockStore.fileName(0));
        byte[] genesisRecord = Files.readAllBytes(first);
        Block previous = Block.parseFrom(ByteBuffer.wrap(genesisRecord, BlockStore.RECORD_HEADER_BYTES,
                genesisRecord.length - BlockStore.RECORD_HEADER_BYTES));
        int file = 0;
        long size = genesisRecord.length;
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(first, StandardOpenOption.APPEND), 1 << 20);
        long number = 1;
        int next = 0;
        try {
            for (long written = 0; written < acts; number++) {
                int count = (int) Math.min(perBlock, acts - written);
                List<ByteString> data = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    data.add(envelopes.get(next));
                    next = (next + 1) % envelopes.size();
                }
                Block block = Blocks.assemble(number, ByteString.copyFrom(BlockHashes.headerHash(previous.getHeader())), data,
                        net.orderer, 0);
                block = block.toBuilder().setMetadata(block.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(new byte[count]))).build();
                byte[] payload = block.toByteArray();
                if (size + BlockStore.RECORD_HEADER_BYTES + payload.length > MAX_FILE_BYTES) {
                    out.close();
                    file++;
                    size = 0;
                    out = new BufferedOutputStream(Files.newOutputStream(blocks.resolve(BlockStore.fileName(file))), 1 << 20);
                }
                out.write(ByteBuffer.allocate(BlockStore.RECORD_HEADER_BYTES).putInt(payload.length)
                        .putInt(BlockStore.crc(payload, 0, payload.length)).array());
                out.write(payload);
                size += BlockStore.RECORD_HEADER_BYTES + payload.length;
                previous = block;
                written += count;
            }
        } finally {
            out.close();
        }
        return number;
    }
}
