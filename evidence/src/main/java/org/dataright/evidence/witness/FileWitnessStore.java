package org.dataright.evidence.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dataright.evidence.log.Checkpoint;

/**
 * The witness's record of the last checkpoint it cosigned, one file per origin (named by the
 * SHA-256 of the origin), written beside and moved into place after an fsync: a cosignature is given
 * out only once its checkpoint is on disk, and a crash leaves the old record or the new one.
 * A record that cannot be read stops the witness rather than being forgotten: forgetting would let
 * it cosign a fork.
 */
public final class FileWitnessStore implements Witness.Store {
    private final Path dir;

    public FileWitnessStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public Checkpoint latest(String origin) {
        Path file = fileOf(origin);
        if (!Files.exists(file)) {
            return null;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness's record " + file, e);
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the witness's record " + file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup — a witness that forgets what it cosigned could cosign a fork", e);
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new IllegalStateException("the witness's record " + file + " is of the log '" + checkpoint.origin()
                    + "', not '" + origin + "'");
        }
        return checkpoint;
    }

    @Override
    public void record(Checkpoint checkpoint) {
        Path file = fileOf(checkpoint.origin());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(checkpoint.text().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the checkpoint of size " + checkpoint.size() + " in " + dir, e);
        }
    }

    private Path fileOf(String origin) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest) + ".checkpoint");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
