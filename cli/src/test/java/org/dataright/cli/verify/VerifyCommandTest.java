package org.dataright.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dataright.cli.Cli;
import org.dataright.cli.TestPki;
import org.dataright.cli.base.ExitCodes;
import org.dataright.testsupport.PdfBombs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path home;

    Path bundle;
    Cli cli;

    @BeforeEach
    void trustBundle() throws Exception {
        bundle = Files.writeString(home.resolve("trust-bundle.json"), new TestPki().trustBundleJson());
        cli = new Cli(home);
    }

    @Test
    void malformedCertificateFailsTheFormatCheck() throws Exception {
        Path cert = Files.writeString(home.resolve("x.certificate.json"), "{\"version\":1,\"act\":\"REGISTER_ASSET\"}");
        Cli.Result r = cli.run("verify", cert.toString(), "--trust", bundle.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).startsWith("Status at issue: not stated")
                .contains("STATUS  CHECK", "FAILED  format", "not a valid certificate", "verdict: FAIL", "failed: format");
        Cli.Result json = cli.run("verify", cert.toString(), "--trust", bundle.toString(), "--json");
        assertThat(json.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(json.out()).contains("\"verdict\"", "\"FAIL\"", "\"name\"", "\"format\"", "\"verdictLine\" : \"FAIL\"");
        assertThat(json.out()).startsWith("{\n  \"status\" : {\n    \"stated\" : false,\n    \"state\" : \"NOT_STATED\"");
    }

    @Test
    void pdfWithoutEmbeddedCertificateFails() throws Exception {
        Path pdf = Files.writeString(home.resolve("x.pdf"), "%PDF-1.7\nnot really\n");
        Cli.Result r = cli.run("verify", pdf.toString(), "--trust", bundle.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).contains("FAILED  format");
    }

    /** Finding 7: a 3.1 MB PDF whose embedded JSON inflates to 3 GiB made dpr run out of memory. */
    @Test
    void aPdfBombIsRefusedWithACodeAndExit2() throws Exception {
        Path bomb = Files.write(home.resolve("bomb.certificate.pdf"), PdfBombs.embeddedFile(PdfBombs.THREE_GIB));
        Cli.Result r = cli.run("verify", bomb.toString(), "--trust", bundle.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: CERTIFICATE_TOO_LARGE: the certificate " + bomb + " is refused: a stream of "
                + "the PDF inflates to more than 8388608 bytes (8 MiB); a certificate PDF has no such stream")
                .doesNotContain("OutOfMemoryError", "Exception");
        Cli.Result json = cli.run("--json", "verify", bomb.toString(), "--trust", bundle.toString());
        assertThat(json.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(json.out()).contains("\"error\"", "CERTIFICATE_TOO_LARGE");
    }

    @Test
    void onlineCheckIsSkippedForACertificateThatDoesNotParse() throws Exception {
        Path cert = Files.writeString(home.resolve("x.json"), "[]");
        Cli.Result r = cli.run("verify", cert.toString(), "--trust", bundle.toString(), "--online");
        assertThat(r.exit()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(r.out()).contains("SKIPPED  online-block", "SKIPPED  online-validation-code", "SKIPPED  online-signing-key");
    }

    @Test
    void aDamagedSeenCheckpointsFileIsRefusedSayingWhatToDo() throws Exception {
        Path seen = home.resolve("config").resolve(VerifyCommand.SEEN_CHECKPOINTS);
        Files.createDirectories(seen.getParent());
        Files.writeString(seen, "not a checkpoint list\n");
        Path cert = Files.writeString(home.resolve("x.json"), "{}");
        Cli.Result r = cli.run("verify", cert.toString(), "--trust", bundle.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: SEEN_CHECKPOINTS_UNREADABLE:", "is not a dpr-seen-checkpoints/v1 file",
                "next: move " + seen + " aside");
    }

    @Test
    void usageErrors() throws Exception {
        Path cert = Files.writeString(home.resolve("x.json"), "{}");
        assertThat(cli.run("verify").err()).contains("Missing required parameter: 'CERT'");
        Cli.Result missing = cli.run("verify", "nope.json", "--trust", bundle.toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("error: FILE_NOT_FOUND: the certificate nope.json is not a readable file");
        Cli.Result noBundle = cli.run("verify", cert.toString());
        assertThat(noBundle.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noBundle.err()).contains("error: NO_TRUST_BUNDLE:", "next: get the registry's bundle with 'dpr trust fetch --service URL");
        Path badBundle = Files.writeString(home.resolve("bad.json"), "{\"version\":1}");
        assertThat(cli.run("verify", cert.toString(), "--trust", badBundle.toString()).err())
                .contains("error: TRUST_BUNDLE_INVALID:");
        Cli.Result noFile = cli.run("verify", cert.toString(), "--trust", bundle.toString(), "--file", "gone.csv");
        assertThat(noFile.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFile.err()).contains("error: FILE_NOT_FOUND: --file gone.csv");
    }

    @Test
    void profileWithoutTrustBundleSaysHowToGetOne() throws Exception {
        cli.run("init", "--service", "http://127.0.0.1:1");
        Path cert = Files.writeString(home.resolve("x.json"), "{}");
        Cli.Result r = cli.run("verify", cert.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("error: NO_TRUST_BUNDLE: profile 'default' has no trust bundle yet");
    }
}
