package org.dataright.cli.right;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dataright.cli.base.CliException;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.evidence.digest.HexDigest;

/** A document named on the command line either by its SHA-256 (64 hex) or by a file hashed here. */
final class Digests {
    private Digests() {
    }

    /** The SHA-256 of {@code fileOrHex}: the value itself if it is 64 hex digits, else the file's digest. */
    static String sha256(String option, String fileOrHex) {
        if (fileOrHex == null) {
            return null;
        }
        if (HexDigest.isValid(fileOrHex.toLowerCase(Locale.ROOT))) {
            return fileOrHex.toLowerCase(Locale.ROOT);
        }
        return of(option, Path.of(fileOrHex)).sha256();
    }

    /** SHA-256 and SM3 of a file in one read. */
    static ContentDigests of(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("FILE_NOT_FOUND", option + " " + file
                    + " is neither a readable file nor a SHA-256 digest (64 hex digits)", "check the path");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) == 0) {
                // Almost always a failed download or save; the digest of nothing proves nothing.
                throw CliException.usage("FILE_EMPTY", option + " " + file + " is empty", "give the document itself, "
                        + "or its SHA-256 if an empty document is really meant");
            }
            return ContentDigests.of(in);
        } catch (IOException e) {
            throw CliException.usage("FILE_UNREADABLE", "cannot read " + file + ": " + e.getMessage(), "check the file");
        }
    }
}
