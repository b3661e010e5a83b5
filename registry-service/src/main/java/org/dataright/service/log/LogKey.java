package org.dataright.service.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's Ed25519 signing key, in a file of its own in the signer key form of Go's sumdb/note
 * ({@code PRIVATE+KEY+<origin>+<key ID>+<base64>}), made on first start with mode 600.
 */
final class LogKey {
    private static final Logger log = LoggerFactory.getLogger(LogKey.class);

    private LogKey() {
    }

    static Ed25519NoteSigner loadOrCreate(Path file, String name) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Ed25519NoteSigner created = Ed25519NoteSigner.generate(name);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                if (Files.getFileAttributeView(file.getParent(), java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(tmp);
                }
                Files.writeString(tmp, created.signerKey() + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
                log.info("made the transparency log's signing key {}: {}", file, created.verifier().vkey());
            }
            Ed25519NoteSigner signer = Ed25519NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
            if (!signer.name().equals(name)) {
                throw new IllegalStateException("the transparency log's key " + file + " is for origin '" + signer.name()
                        + "', not '" + name + "': a log's origin does not change (move the tlog folder aside to start a new log)");
            }
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the transparency log's key " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the transparency log's key " + file + " is unreadable: " + e.getMessage(), e);
        }
    }
}
