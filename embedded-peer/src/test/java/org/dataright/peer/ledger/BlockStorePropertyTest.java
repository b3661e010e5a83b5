package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Append and recovery of the block files, for arbitrary records, file sizes and crash points. */
class BlockStorePropertyTest {

    @Provide
    Arbitrary<List<byte[]>> records() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1500).list().ofMinSize(1).ofMaxSize(15);
    }

    @Property(tries = 40)
    void appendedRecordsReadBackInOrder(@ForAll("records") List<byte[]> records,
            @ForAll @IntRange(min = 1024, max = 6000) int maxFileBytes) throws Exception {
        Path dir = Files.createTempDirectory("blockstore");
        try {
            List<BlockLocation> locations = new ArrayList<>();
            try (BlockStore store = new BlockStore(dir, maxFileBytes)) {
                for (byte[] r : records) {
                    locations.add(store.append(r));
                }
                for (int i = 0; i < records.size(); i++) {
                    assertThat(store.read(locations.get(i))).isEqualTo(records.get(i));
                }
            }
            // A file holds more than the limit only when one record alone exceeds it.
            for (int f = 0; f <= locations.get(locations.size() - 1).fileNumber(); f++) {
                long size = Files.size(dir.resolve(BlockStore.fileName(f)));
                int fileNumber = f;
                long records1 = locations.stream().filter(l -> l.fileNumber() == fileNumber).count();
                assertThat(size <= maxFileBytes || records1 == 1).as("file %d of %d bytes", f, size).isTrue();
            }
            List<byte[]> scanned = new ArrayList<>();
            try (BlockStore reopened = new BlockStore(dir, maxFileBytes)) {
                BlockStore.ScanEnd end = reopened.scan(0, 0, (loc, payload) -> scanned.add(payload));
                assertThat(end.clean()).isTrue();
            }
            assertThat(scanned).containsExactlyElementsOf(records);
        } finally {
            LedgerFiles.deleteTree(dir);
        }
    }

    @Property(tries = 60)
    void aTornAppendIsCutBackToTheLastWholeRecord(@ForAll("records") List<byte[]> records,
            @ForAll @Size(min = 1, max = 600) byte[] interrupted, @ForAll @IntRange(min = 0, max = 10_000) int cutSeed,
            @ForAll boolean zeroFilled) throws Exception {
        Path dir = Files.createTempDirectory("blockstore");
        try {
            try (BlockStore store = new BlockStore(dir, 1 << 20)) {
                records.forEach(store::append);
            }
            Path file = dir.resolve(BlockStore.fileName(0));
            byte[] whole = Files.readAllBytes(file);
            // The interrupted record: some prefix of it reached the disk, or its length with zeros after
            // it (a file extended before its data was written).
            byte[] record = ByteBuffer.allocate(8 + interrupted.length).putInt(interrupted.length)
                    .putInt(BlockStore.crc(interrupted, 0, interrupted.length)).put(interrupted).array();
            byte[] tail = Arrays.copyOf(record, 1 + cutSeed % (record.length - 1));
            if (zeroFilled) {
                tail = new byte[tail.length];
            }
            Files.write(file, concat(whole, tail));

            try (BlockStore store = new BlockStore(dir, 1 << 20)) {
                List<byte[]> scanned = new ArrayList<>();
                BlockStore.ScanEnd end = store.scan(0, 0, (loc, payload) -> scanned.add(payload));
                assertThat(scanned).containsExactlyElementsOf(records);
                assertThat(end.clean()).isFalse();
                assertThat(end.bad().tornTail()).as(end.bad().reason()).isTrue();
                assertThat(end.bad().offset()).isEqualTo(whole.length);
                Path aside = store.cutTornTail(0, end.bad().offset());
                assertThat(Files.readAllBytes(aside)).isEqualTo(tail);
                assertThat(Files.readAllBytes(file)).isEqualTo(whole);
                BlockLocation next = store.append(interrupted);
                assertThat(store.read(next)).isEqualTo(interrupted);
            }
        } finally {
            LedgerFiles.deleteTree(dir);
        }
    }

    @Property(tries = 40)
    void aBadRecordFollowedByMoreIsNeverTakenForATornTail(@ForAll("records") List<byte[]> records,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where) throws Exception {
        if (records.size() < 2) {
            return;
        }
        Path dir = Files.createTempDirectory("blockstore");
        try {
            List<BlockLocation> locations = new ArrayList<>();
            try (BlockStore store = new BlockStore(dir, 1 << 20)) {
                records.forEach(r -> locations.add(store.append(r)));
            }
            int victim = where % (records.size() - 1);
            BlockLocation loc = locations.get(victim);
            Path file = dir.resolve(BlockStore.fileName(0));
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) loc.offset() + 8 + (where % loc.length())] ^= 0x5A;
            Files.write(file, bytes);
            try (BlockStore store = new BlockStore(dir, 1 << 20)) {
                BlockStore.ScanEnd end = store.scan(0, 0, (l, p) -> true);
                assertThat(end.bad().offset()).isEqualTo(loc.offset());
                assertThat(end.bad().tornTail()).isFalse();
            }
        } finally {
            LedgerFiles.deleteTree(dir);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
