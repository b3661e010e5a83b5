package org.dataright.service.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's Ed25519 signing key, in a file of its own in the signer key form of Go's sumdb/note
 * ({@code PRIVATE+KEY+<origin>+<key ID>+<base64>}), made on first start with mode 600. The key's name is
 * the log's origin, so the file also remembers the origin of a log made with the default one.
 */
final class LogKey {
    private static final Logger log = LoggerFactory.getLogger(LogKey.class);
    /** What a default origin starts with; the channel and the key's own id follow. */
    static final String DEFAULT_ORIGIN_PREFIX = "dpr.example/registry/";

    private LogKey() {
    }

    /**
     * The origin of the log whose key is {@code file}: {@code configured} when it is not blank; else the
     * origin of the key already there (an existing log keeps the origin its checkpoints and witnesses use);
     * else a new key is made now under a unique origin, {@code dpr.example/registry/<channel>/<16 hex>}, the
     * hex being the start of the SHA-256 of the key's public key, so that no two registries share one.
     */
    static String origin(Path file, String configured, String channel) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Files.exists(file)) {
            return read(file).name();
        }
        Ed25519NoteSigner key = Ed25519NoteSigner.generate(DEFAULT_ORIGIN_PREFIX + channel);
        String origin = DEFAULT_ORIGIN_PREFIX + channel + "/" + keyHash(key).substring(0, 16);
        write(file, key.withName(origin));
        return read(file).name();
    }

    static Ed25519NoteSigner loadOrCreate(Path file, String name) {
        if (!Files.exists(file)) {
            write(file, Ed25519NoteSigner.generate(name));
        }
        Ed25519NoteSigner signer = read(file);
        if (!signer.name().equals(name)) {
            throw new IllegalStateException("the transparency log's key " + file + " is for origin '" + signer.name()
                    + "', not '" + name + "': a log's origin does not change (move the tlog folder aside to start a new log)");
        }
        return signer;
    }

    private static Ed25519NoteSigner read(Path file) {
        try {
            return Ed25519NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transparency log's key " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the transparency log's key " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Writes a new key atomically with mode 600; a key another process wrote first is kept. */
    private static void write(Path file, Ed25519NoteSigner created) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, created.signerKey() + "\n", StandardCharsets.UTF_8);
            try (FileChannel synced = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                synced.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                log.info("made the transparency log's signing key {}: {}", file, created.verifier().vkey());
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the transparency log's key " + file + ": " + e.getMessage(), e);
        }
    }

    private static String keyHash(Ed25519NoteSigner key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.verifier().publicKey()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
