package org.dataright.service.log;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.Ed25519NoteVerifier;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.map.AssetStates;
import org.dataright.evidence.map.Standing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state map on disk, {@code <data dir>/tlog/state-map}: every data asset's records (key, block,
 * transaction, SHA-256 of the bytes) as of a checkpoint, and that checkpoint as the log signed it, so that a
 * start resumes the map from there instead of from block 0. Big-endian, strings as uint32 length ‖ UTF-8:
 *
 * <pre>
 * "dpr-state-map/v1\n" ‖ origin ‖ namespace ‖ uint64 next block ‖ signed checkpoint (its note text)
 * ‖ uint64 assets ‖ per asset: id ‖ uint32 records ‖ per record: key ‖ uint64 block ‖ uint32 tx ‖ 32-byte hash
 * ‖ SHA-256 of all the bytes before
 * </pre>
 *
 * Written whole to {@code state-map.tmp}, synced, renamed over the old one and the folder synced. Nothing in
 * it is trusted: a snapshot is used only when its digest holds (not torn), it is of this origin and
 * chaincode, the checkpoint is signed by this log's key and is of the size and root the log's own leaves
 * have after the snapshot's blocks, and the records rebuild the map root the checkpoint carries. Else it is
 * kept aside as {@code state-map.rejected} with a WARN saying why, and the map is rebuilt from the blocks.
 */
final class StateMapSnapshot {
    private static final Logger log = LoggerFactory.getLogger(StateMapSnapshot.class);
    private static final byte[] MAGIC = "dpr-state-map/v1\n".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_STRING = 1 << 16;
    private static final int MAX_RECORDS = 1 << 20;

    private final Path file;
    private final String origin;
    private final String namespace;

    StateMapSnapshot(Path directory, String origin, String namespace) {
        this.file = directory.resolve("state-map");
        this.origin = origin;
        this.namespace = namespace;
    }

    Path file() {
        return file;
    }

    /** A snapshot that is not used, and why. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String why) {
            super(why);
        }
    }

    /**
     * The states of the snapshot, checked against the log's key and leaves; a new, empty state (block 0) when
     * there is none or it is not to be trusted.
     */
    AssetStates load(Ed25519NoteVerifier logKey, LeafStore store) {
        if (!Files.exists(file)) {
            log.info("no state map snapshot {}: the state map is rebuilt from the ledger's blocks from block 0", file);
            return new AssetStates(namespace);
        }
        try {
            AssetStates states = read(logKey, store);
            log.info("state map snapshot {} loaded: {} data assets as of block {}; the map resumes from there", file,
                    states.map().size(), states.nextBlock());
            return states;
        } catch (Rejected e) {
            Path aside = file.resolveSibling("state-map.rejected");
            log.warn("the state map snapshot {} is not used ({}); kept as {}, the state map is rebuilt from the ledger's"
                    + " blocks from block 0", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moved) {
                throw new UncheckedIOException("cannot move the rejected state map snapshot " + file + " aside: "
                        + moved.getMessage(), moved);
            }
            return new AssetStates(namespace);
        }
    }

    private AssetStates read(Ed25519NoteVerifier logKey, LeafStore store) throws Rejected {
        MessageDigest digest = sha256();
        long nextBlock;
        SignedNote note;
        Map<String, SortedMap<String, AssetStates.RecordRef>> records = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DigestInputStream digesting = new DigestInputStream(raw, digest)) {
            DataInputStream in = new DataInputStream(digesting);
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new Rejected("it does not start with dpr-state-map/v1");
            }
            String fileOrigin = string(in);
            String fileNamespace = string(in);
            nextBlock = in.readLong();
            String noteText = string(in);
            long assets = in.readLong();
            if (nextBlock < 0 || assets < 0) {
                throw new Rejected("it holds a negative block or count");
            }
            for (long a = 0; a < assets; a++) {
                String asset = string(in);
                int count = in.readInt();
                if (count < 1 || count > MAX_RECORDS) {
                    throw new Rejected("asset " + asset + " has " + count + " records");
                }
                SortedMap<String, AssetStates.RecordRef> bucket = new TreeMap<>();
                for (int r = 0; r < count; r++) {
                    String key = string(in);
                    long block = in.readLong();
                    int tx = in.readInt();
                    byte[] hash = new byte[32];
                    in.readFully(hash);
                    bucket.put(key, new AssetStates.RecordRef(block, tx, hash));
                }
                if (records.put(asset, bucket) != null) {
                    throw new Rejected("asset " + asset + " is listed twice");
                }
            }
            digesting.on(false);
            byte[] expected = digest.digest();
            byte[] stored = new byte[32];
            in.readFully(stored);
            if (!Arrays.equals(expected, stored) || in.read() != -1) {
                throw new Rejected("its digest is not the SHA-256 of its content: it is torn or was edited");
            }
            if (!fileOrigin.equals(origin)) {
                throw new Rejected("it is of the log '" + fileOrigin + "', not '" + origin + "'");
            }
            if (!fileNamespace.equals(namespace)) {
                throw new Rejected("it is of the chaincode '" + fileNamespace + "', not '" + namespace + "'");
            }
            note = SignedNote.parse(noteText);
        } catch (EOFException e) {
            throw new Rejected("it ends early: it is torn");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state map snapshot " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new Rejected("its checkpoint is unreadable: " + e.getMessage());
        }
        Checkpoint checkpoint = checkpointOf(note, logKey, store, nextBlock);
        AssetStates states;
        try {
            states = AssetStates.restore(namespace, nextBlock, records);
        } catch (IllegalArgumentException e) {
            throw new Rejected(e.getMessage());
        }
        byte[] committed;
        try {
            committed = Standing.mapRoot(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new Rejected("its checkpoint carries no state map root");
        }
        if (!Arrays.equals(states.root(), committed)) {
            throw new Rejected("its records give the map root " + HexFormat.of().formatHex(states.root())
                    + ", the checkpoint of size " + checkpoint.size() + " committed " + HexFormat.of().formatHex(committed));
        }
        return states;
    }

    /** The snapshot's checkpoint, once it is shown to be this log's at the snapshot's block. */
    private Checkpoint checkpointOf(SignedNote note, Ed25519NoteVerifier logKey, LeafStore store, long nextBlock)
            throws Rejected {
        Checkpoint checkpoint;
        try {
            note.verify(NoteVerifiers.of(logKey));
            checkpoint = Checkpoint.parse(note.text());
        } catch (IllegalArgumentException e) {
            throw new Rejected("its checkpoint is not signed by this log's key " + logKey.vkey() + ": " + e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new Rejected("its checkpoint is of the log '" + checkpoint.origin() + "'");
        }
        if (nextBlock > store.nextBlock()) {
            throw new Rejected("it is as of block " + nextBlock + ", and the log has read only the blocks below "
                    + store.nextBlock());
        }
        long size = store.sizeAt(nextBlock);
        if (checkpoint.size() != size) {
            throw new Rejected("its checkpoint is of " + checkpoint.size() + " leaves, and the log's blocks below "
                    + nextBlock + " hold " + size);
        }
        if (!Arrays.equals(checkpoint.rootHash(), store.tree().root(size))) {
            throw new Rejected("its checkpoint's root is not the root of the log's " + size + " leaves");
        }
        return checkpoint;
    }

    /**
     * Writes {@code snapshot} with {@code checkpoint}, the log's signed checkpoint of the same moment, in place of
     * the old snapshot; the old one stays whole until the new one is.
     */
    void write(AssetStates.Snapshot snapshot, SignedNote checkpoint) {
        Path tmp = file.resolveSibling("state-map.tmp");
        long started = System.nanoTime();
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                MessageDigest digest = sha256();
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                DataOutputStream out = new DataOutputStream(new DigestOutputStream(buffered, digest));
                out.write(MAGIC);
                string(out, origin);
                string(out, snapshot.namespace());
                out.writeLong(snapshot.nextBlock());
                string(out, checkpoint.render());
                out.writeLong(snapshot.records().size());
                for (Map.Entry<String, SortedMap<String, AssetStates.RecordRef>> asset : snapshot.records().entrySet()) {
                    string(out, asset.getKey());
                    out.writeInt(asset.getValue().size());
                    for (Map.Entry<String, AssetStates.RecordRef> record : asset.getValue().entrySet()) {
                        string(out, record.getKey());
                        out.writeLong(record.getValue().block());
                        out.writeInt(record.getValue().tx());
                        out.write(record.getValue().hash());
                    }
                }
                out.flush();
                buffered.write(digest.digest());
                buffered.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state map snapshot " + file + ": " + e.getMessage(), e);
        }
        log.info("state map snapshot {} written: {} data assets as of block {} in {} ms", file, snapshot.records().size(),
                snapshot.nextBlock(), (System.nanoTime() - started) / 1_000_000);
    }

    private static String string(DataInputStream in) throws IOException, Rejected {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING) {
            throw new Rejected("a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
