package org.dataright.peer.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Test access to a closed ledger's RocksDB index: a dump of every column family, its files by kind,
 * byte flips, and a generator of varied blocks to fill a ledger with.
 */
final class IndexFiles {
    private static final HexFormat HEX = HexFormat.of();

    private IndexFiles() {
    }

    static Path indexDir(Path ledgerDir) {
        return ledgerDir.resolve(Ledger.INDEX_DIR);
    }

    /** The kinds of file in a RocksDB directory, by name. */
    enum Kind {
        SST("[0-9]+\\.sst"), WAL("[0-9]+\\.log"), MANIFEST("MANIFEST-[0-9]+"), CURRENT("CURRENT"),
        OPTIONS("OPTIONS-[0-9]+"), IDENTITY("IDENTITY"), INFO_LOG("LOG(\\.old\\.[0-9]+)?");

        private final String pattern;

        Kind(String pattern) {
            this.pattern = pattern;
        }

        /** The non-empty files of this kind in {@code dir}, by name; none if there is no such directory. */
        List<Path> files(Path dir) {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().matches(pattern))
                        .filter(f -> size(f) > 0)
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The offsets of the record headers of a file in RocksDB's log format (write-ahead logs, MANIFEST):
     * 32 KiB blocks, each record a 7-byte header (checksum, u16 little-endian length, type) and its
     * payload, a block's last 6 bytes or fewer left as padding.
     */
    static List<Long> logRecords(Path file) {
        byte[] bytes = LedgerFiles.read(file);
        List<Long> records = new ArrayList<>();
        int at = 0;
        while (at + 7 <= bytes.length) {
            int leftInBlock = 32 * 1024 - at % (32 * 1024);
            if (leftInBlock < 7) {
                at += leftInBlock;
                continue;
            }
            records.add((long) at);
            at += 7 + ((bytes[at + 4] & 0xFF) | (bytes[at + 5] & 0xFF) << 8);
        }
        return records;
    }

    /** XORs {@code count} random bytes of {@code file} with random non-zero values. */
    static void flip(Path file, Random random, int count) {
        byte[] bytes = LedgerFiles.read(file);
        for (int i = 0; i < count; i++) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
        }
        LedgerFiles.write(file, bytes);
    }

    /**
     * Every key and value of every column family of the index of a closed ledger, one line each, in
     * column family and key order: state, history, block and tx indexes and the savepoint, byte for byte.
     */
    static List<String> dump(Path ledgerDir) {
        String dir = indexDir(ledgerDir).toString();
        List<String> lines = new ArrayList<>();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options()) {
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, dir)) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
            descriptors.sort((a, b) -> new String(a.getName(), StandardCharsets.UTF_8)
                    .compareTo(new String(b.getName(), StandardCharsets.UTF_8)));
            try (RocksDB db = RocksDB.openReadOnly(dir, descriptors, handles)) {
                for (int i = 0; i < handles.size(); i++) {
                    String cf = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
                    try (RocksIterator it = db.newIterator(handles.get(i))) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            lines.add(cf + " " + HEX.formatHex(it.key()) + " = " + HEX.formatHex(it.value()));
                        }
                        it.status();
                    }
                }
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot dump the index in " + dir + ": " + e.getMessage(), e);
        }
        return lines;
    }

    /** The savepoint of a closed (or killed) ledger's index, read without changing its files. */
    static Optional<Long> savepoint(Path ledgerDir) {
        if (!Files.exists(indexDir(ledgerDir).resolve("CURRENT"))) {
            return Optional.empty();
        }
        String prefix = "default " + HEX.formatHex(IndexKeys.SAVEPOINT) + " = ";
        return dump(ledgerDir).stream()
                .filter(line -> line.startsWith(prefix))
                .findFirst()
                .map(line -> Long.parseLong(line.substring(prefix.length()), 16));
    }

    /**
     * Commits {@code count} blocks (numbered by {@code from}) of varied transactions: writes of a few
     * recurring keys and of composite keys, deletes, a transaction conflicting on a stale read
     * (MVCC_READ_CONFLICT) and a resubmitted envelope (DUPLICATE_TXID).
     */
    static void fill(Ledger ledger, Supplier<TxBuilder> tx, int from, int count) {
        Envelope earlier = null;
        for (int i = from; i < from + count; i++) {
            List<Envelope> envelopes = new ArrayList<>();
            Envelope first = tx.get().write("k" + i % 7, "v" + i)
                    .write("\u0000asset\u0000" + i + "\u0000", "{\"asset\":" + i + ",\"holder\":\"h" + i % 3 + "\"}").build();
            envelopes.add(first);
            if (i % 3 == 2) {
                envelopes.add(tx.get().delete("k" + (i + 3) % 7).write("deleted-by", Integer.toString(i)).build());
            }
            if (i % 4 == 3) {
                envelopes.add(tx.get().read("k0", Version.newBuilder().setBlockNum(0).setTxNum(0).build()).write("stale", "x").build());
            }
            if (i % 5 == 4 && earlier != null) {
                envelopes.add(earlier);
            }
            ledger.commitBlock(envelopes);
            earlier = first;
        }
    }
}
