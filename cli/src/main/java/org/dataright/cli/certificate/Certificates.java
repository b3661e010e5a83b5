package org.dataright.cli.certificate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dataright.cli.base.CliException;
import org.dataright.cli.service.RegistryService;
import org.dataright.evidence.certificate.EvidenceCertificate;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Fetches a transaction's evidence certificate from the registry and saves it, byte for byte, as JSON and PDF. */
public final class Certificates {
    /** How much of the certificate id names a certificate saved beside another of the same file. */
    private static final int ID_IN_NAME = 16;
    private Certificates() {
    }

    /** Where a certificate was saved. */
    public record Saved(String id, Path json, Path pdf) {
    }

    /** Checked before an act, so a certificate that could not be saved is not found out only after the act. */
    public static void requireDirectory(CommandLine commandLine, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(commandLine, "--out " + dir + " is not a directory; certificates are saved into one");
        }
    }

    /**
     * Issues (idempotently) the certificate of {@code transactionId} and saves {@code <base>.certificate.json|pdf}
     * in {@code dir}, or {@code <base>.<certificate id, 16 characters>.certificate.…} when that name holds another
     * certificate: no certificate file is ever overwritten by another.
     */
    public static Saved issueAndSave(RegistryService service, String transactionId, Path dir, String base) {
        return save(service, service.issueCertificate(transactionId), dir, base);
    }

    /** As {@link #issueAndSave(RegistryService, String, Path, String)}, for one data asset of a batch transaction. */
    public static Saved issueAndSave(RegistryService service, String transactionId, String assetId, Path dir, String base) {
        return save(service, service.issueCertificate(transactionId, assetId), dir, base);
    }

    /** Saves certificate JSON as the service sent it, and its PDF rendering. */
    public static Saved save(RegistryService service, String json, Path dir, String base) {
        String id;
        try {
            id = EvidenceCertificate.from(json).id();
        } catch (IllegalArgumentException e) {
            throw CliException.rejected("CERTIFICATE_INVALID", "the registry sent a certificate that does not parse: "
                    + e.getMessage(), "ask the registry operator");
        }
        try {
            // A second act on the same file (a second evidence anchor) keeps the first one's certificate.
            String name = holdsOther(dir.resolve(base + ".certificate.json"), json) ? base + "." + id.substring(0,
                    Math.min(ID_IN_NAME, id.length())) : base;
            Path jsonFile = dir.resolve(name + ".certificate.json");
            Path pdfFile = dir.resolve(name + ".certificate.pdf");
            Files.createDirectories(dir);
            Files.writeString(jsonFile, json, StandardCharsets.UTF_8);
            Files.write(pdfFile, service.certificatePdf(id));
            return new Saved(id, jsonFile, pdfFile);
        } catch (IOException e) {
            throw CliException.failed("WRITE_FAILED", "cannot save the certificate in " + dir + ": " + e.getMessage(),
                    "fetch it again later with 'dpr certificate get --id " + id + " --out DIR'", e);
        }
    }

    /** Whether {@code file} exists and holds something other than this certificate (asking twice rewrites the same bytes). */
    private static boolean holdsOther(Path file, String json) throws IOException {
        return Files.exists(file) && !java.util.Arrays.equals(Files.readAllBytes(file), json.getBytes(StandardCharsets.UTF_8));
    }
}
