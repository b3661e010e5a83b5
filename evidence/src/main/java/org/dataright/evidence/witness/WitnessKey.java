package org.dataright.evidence.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.dataright.evidence.log.CosignatureSigner;

/**
 * A witness's cosigning key file: two lines, the witness's name and its 32-byte Ed25519 seed in hex,
 * mode 600. Made once and never replaced: a witness whose key changes is a new witness.
 */
public final class WitnessKey {
    private static final int SEED_BYTES = 32;

    private WitnessKey() {
    }

    /**
     * Makes a key for {@code name} at {@code file}.
     *
     * @throws FileAlreadyExistsException when there is a key already
     * @throws IllegalArgumentException when the name is not a valid key name
     */
    public static CosignatureSigner create(Path file, String name, Clock clock) throws IOException {
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        CosignatureSigner signer = CosignatureSigner.fromSeed(name, seed, clock);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, name + "\n" + HexFormat.of().formatHex(seed) + "\n", StandardCharsets.UTF_8);
            // A hard link appears whole or not at all, and fails when a key is there already (a rename would replace it).
            Files.createLink(file, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return signer;
    }

    /**
     * Reads the key at {@code file}.
     *
     * @throws IllegalArgumentException naming what is wrong with the file's content
     */
    public static CosignatureSigner read(Path file, Clock clock) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() != 2) {
            throw new IllegalArgumentException(file + " has " + lines.size() + " lines, not 2 (the witness's name, its hex seed)");
        }
        byte[] seed;
        try {
            seed = HexFormat.of().parseHex(lines.get(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": line 2 is not a hex seed", e);
        }
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException(file + ": the seed has " + seed.length + " bytes, not " + SEED_BYTES);
        }
        return CosignatureSigner.fromSeed(lines.get(0), seed, clock);
    }

    /** Reads the key at {@code file}, making it first if there is none (a service's own local witness). */
    public static CosignatureSigner loadOrCreate(Path file, String name, Clock clock) throws IOException {
        if (!Files.exists(file)) {
            try {
                return create(file, name, clock);
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by another process: read that one
            }
        }
        CosignatureSigner signer = read(file, clock);
        if (!signer.name().equals(name)) {
            throw new IllegalArgumentException(file + " is the key of witness '" + signer.name() + "', not '" + name + "'");
        }
        return signer;
    }
}
