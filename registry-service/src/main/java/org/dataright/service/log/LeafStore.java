package org.dataright.service.log;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.dataright.evidence.log.EntryBundle;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.TreeHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's leaves on disk, in a folder: {@code leaves}, append-only, one record per leaf —
 * big-endian uint16 length ‖ entry ‖ 32-byte leaf hash — synced after each block's records, and
 * {@code position}, rewritten (temporary file, sync, atomic rename) after each block:
 *
 * <pre>dpr-tlog-position/v1
 * next-block &lt;n&gt;
 * size &lt;leaves&gt;
 * root &lt;hex root of those leaves&gt;</pre>
 *
 * <p>Opening reads the records back into a {@link MerkleTree} and checks each leaf hash and the
 * position's size and root. Records past the position (a block whose position was not yet written when
 * the process stopped) are cut off: that block is read again. A file that is shorter than its position, holds a
 * bad record or reaches another root is damaged: it is kept aside as {@code leaves.damaged} and the log
 * starts again from block 0 (the ledger holds everything to rebuild it).
 *
 * <p>It indexes where each block's leaves start (read back from the entries, which name their block), so
 * that an act's leaf is found from its block and transaction id by reading that block's entries alone.
 */
final class LeafStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeafStore.class);
    private static final String MAGIC = "dpr-tlog-position/v1";
    private static final HexFormat HEX = HexFormat.of();

    private final Path leavesFile;
    private final Path positionFile;
    private MerkleTree tree = new MerkleTree();
    private final FileChannel channel;
    private long[] offsets = new long[1024];
    /** The first leaf index of each block below {@link #nextBlock}. */
    private long[] blockStarts = new long[1024];
    /** How many blocks {@link #blockStarts} covers. */
    private long startsKnown;
    private volatile long nextBlock;
    private long end;

    LeafStore(Path directory) {
        try {
            Files.createDirectories(directory);
            leavesFile = directory.resolve("leaves");
            positionFile = directory.resolve("position");
            String damage = load();
            if (damage != null) {
                Path aside = directory.resolve("leaves.damaged");
                boolean kept = Files.exists(leavesFile);
                log.warn("the transparency log in {} is damaged ({}); {}rebuilding it from the ledger's blocks from block 0",
                        directory, damage, kept ? "kept as " + aside + ", " : "");
                if (kept) {
                    Files.move(leavesFile, aside, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.deleteIfExists(positionFile);
                reset();
            }
            channel = FileChannel.open(leavesFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (channel.size() > end) {
                log.info("the transparency log drops {} bytes of leaves past its position (block {} is read again)",
                        channel.size() - end, nextBlock);
                channel.truncate(end);
                channel.force(true);
            }
            if (damage != null || !Files.exists(positionFile)) {
                writePosition();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the transparency log in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void reset() {
        tree = new MerkleTree();
        offsets = new long[1024];
        blockStarts = new long[1024];
        startsKnown = 0;
        nextBlock = 0;
        end = 0;
    }

    /** Loads the records; a sentence saying what is damaged, or null. */
    private String load() throws IOException {
        boolean hasLeaves = Files.exists(leavesFile);
        if (!Files.exists(positionFile)) {
            return hasLeaves && Files.size(leavesFile) > 0 ? "it has leaves but no position file" : null;
        }
        long size;
        byte[] root;
        long block;
        try {
            List<String> lines = Files.readAllLines(positionFile, StandardCharsets.UTF_8);
            if (lines.size() != 4 || !lines.get(0).equals(MAGIC) || !lines.get(1).startsWith("next-block ")
                    || !lines.get(2).startsWith("size ") || !lines.get(3).startsWith("root ")) {
                return "the position file is not " + MAGIC;
            }
            block = Long.parseLong(lines.get(1).substring("next-block ".length()));
            size = Long.parseLong(lines.get(2).substring("size ".length()));
            root = HEX.parseHex(lines.get(3).substring("root ".length()));
        } catch (IllegalArgumentException e) {
            return "the position file is unreadable: " + e.getMessage();
        }
        if (!hasLeaves) {
            return size == 0 ? null : "the leaves file is missing";
        }
        long offset = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(leavesFile), 1 << 16))) {
            while (tree.size() < size) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return "the leaves file ends after " + tree.size() + " of the position's " + size + " leaves";
                }
                byte[] entry = new byte[length];
                byte[] hash = new byte[TreeHash.SIZE];
                try {
                    in.readFully(entry);
                    in.readFully(hash);
                } catch (EOFException e) {
                    return "leaf " + tree.size() + " has a bad length (" + length + " bytes, the file ends first)";
                }
                if (!Arrays.equals(hash, TreeHash.leaf(entry))) {
                    return "leaf " + tree.size() + "'s stored hash is not the hash of its entry";
                }
                long leafBlock = LeafEntry.block(entry);
                if (leafBlock < 0 || leafBlock < startsKnown - 1) {
                    return "leaf " + tree.size() + " names no block, or a block before the previous leaf's";
                }
                startBlocks(leafBlock + 1);
                record(offset);
                tree.appendLeafHash(hash);
                offset += 2 + length + TreeHash.SIZE;
            }
        }
        if (startsKnown > block) {
            return "the leaves name block " + (startsKnown - 1) + ", the position's next block is " + block;
        }
        if (!Arrays.equals(root, tree.root())) {
            return "the " + size + " leaves have root " + HEX.formatHex(tree.root()) + ", the position says "
                    + HEX.formatHex(root);
        }
        startBlocks(block);
        nextBlock = block;
        end = offset;
        return null;
    }

    /** Records that every block below {@code blocks} not yet recorded starts at the current tree size. */
    private synchronized void startBlocks(long blocks) {
        while (startsKnown < blocks) {
            if (startsKnown == blockStarts.length) {
                blockStarts = Arrays.copyOf(blockStarts, blockStarts.length * 2);
            }
            blockStarts[(int) startsKnown++] = tree.size();
        }
    }

    /**
     * The leaf index of transaction {@code txId} of block {@code block}, found among that block's leaves;
     * empty when the block is not stored yet or has no valid transaction of that id.
     */
    OptionalLong leafIndex(String txId, long block) {
        long first;
        long last;
        synchronized (this) {
            if (block < 0 || block >= nextBlock) {
                return OptionalLong.empty();
            }
            first = blockStarts[(int) block];
            last = block + 1 < startsKnown ? blockStarts[(int) block + 1] : tree.size();
        }
        List<byte[]> entries = entries(first, (int) (last - first));
        for (int i = 0; i < entries.size(); i++) {
            if (txId.equals(LeafEntry.txId(entries.get(i)))) {
                return OptionalLong.of(first + i);
            }
        }
        return OptionalLong.empty();
    }

    /** How many leaves the blocks below {@code block} hold, for a block the store has read ({@code block <= nextBlock}). */
    synchronized long sizeAt(long block) {
        if (block < 0 || block > nextBlock) {
            throw new IllegalArgumentException("the transparency log has read blocks below " + nextBlock + ", not " + block);
        }
        return block < startsKnown ? blockStarts[(int) block] : tree.size();
    }

    private void record(long offset) {
        int index = (int) tree.size();
        synchronized (this) {
            if (index == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[index] = offset;
        }
    }

    /** The tree of the stored leaves (one writer: this store). */
    MerkleTree tree() {
        return tree;
    }

    /** The next block to read: every earlier block's leaves are stored. */
    long nextBlock() {
        return nextBlock;
    }

    /**
     * Stores the leaves of block {@code number} and moves the position past it: records written and
     * synced, then the tree, then the position.
     */
    synchronized void appendBlock(long number, List<byte[]> entries) {
        if (number != nextBlock) {
            throw new IllegalStateException("the transparency log expects block " + nextBlock + ", not " + number);
        }
        try {
            int bytes = 0;
            for (byte[] entry : entries) {
                if (entry.length > EntryBundle.MAX_ENTRY) {
                    throw new IllegalStateException("a leaf entry of block " + number + " has " + entry.length + " bytes");
                }
                bytes += 2 + entry.length + TreeHash.SIZE;
            }
            ByteBuffer out = ByteBuffer.allocate(bytes);
            List<byte[]> hashes = new ArrayList<>();
            for (byte[] entry : entries) {
                byte[] hash = TreeHash.leaf(entry);
                hashes.add(hash);
                out.putShort((short) entry.length).put(entry).put(hash);
            }
            out.flip();
            long at = end;
            while (out.hasRemaining()) {
                at += channel.write(out, at);
            }
            if (!entries.isEmpty()) {
                channel.force(false);
            }
            long offset = end;
            startBlocks(number + 1);
            for (int i = 0; i < entries.size(); i++) {
                record(offset);
                tree.appendLeafHash(hashes.get(i));
                offset += 2 + entries.get(i).length + TreeHash.SIZE;
            }
            end = at;
            nextBlock = number + 1;
            writePosition();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the transparency log's leaves of block " + number + ": "
                    + e.getMessage(), e);
        }
    }

    /** The entries {@code [first, first + count)}, which must be stored. */
    List<byte[]> entries(long first, int count) {
        List<byte[]> out = new ArrayList<>(count);
        try {
            for (long i = first; i < first + count; i++) {
                long offset;
                synchronized (this) {
                    offset = offsets[(int) i];
                }
                ByteBuffer length = ByteBuffer.allocate(2);
                readFully(length, offset);
                ByteBuffer entry = ByteBuffer.allocate(Short.toUnsignedInt(length.flip().getShort()));
                readFully(entry, offset + 2);
                out.add(entry.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transparency log's leaves: " + e.getMessage(), e);
        }
        return out;
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the leaves file ends at " + position);
            }
            position += n;
        }
    }

    private void writePosition() throws IOException {
        long size = tree.size();
        String text = MAGIC + "\nnext-block " + nextBlock + "\nsize " + size + "\nroot " + HEX.formatHex(tree.root(size))
                + "\n";
        Path tmp = positionFile.resolveSibling("position.tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(tmp, positionFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("cannot close the transparency log's leaves file: {}", e.getMessage());
        }
    }
}
