package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which origin a registry's log has: unique for a new one, the one it has for an existing one, the configured one. */
class LogOriginTest {
    @TempDir
    Path dir;

    private static String open(Path tlog, String configured) {
        String origin = LogKey.origin(tlog.resolve("log.key"), configured, "registry");
        new TransparencyLog(null, origin, tlog, Duration.ofSeconds(1)).close();
        return Ed25519NoteSigner.parse(readKey(tlog)).name();
    }

    private static String readKey(Path tlog) {
        try {
            return Files.readString(tlog.resolve("log.key")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void twoNewRegistriesGetDifferentOriginsNamedAfterTheirKeys() throws Exception {
        String a = open(dir.resolve("a"), "");
        String b = open(dir.resolve("b"), "");
        assertThat(a).matches("dpr\\.example/registry/registry/[0-9a-f]{16}").isNotEqualTo(b);
        assertThat(b).matches("dpr\\.example/registry/registry/[0-9a-f]{16}");
        byte[] publicKey = Ed25519NoteSigner.parse(readKey(dir.resolve("a"))).verifier().publicKey();
        assertThat(a).endsWith("/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey))
                .substring(0, 16));
        assertThat(open(dir.resolve("a"), "")).as("and keep it across restarts").isEqualTo(a);
    }

    @Test
    void anExistingLogKeepsTheSharedOriginItsCheckpointsAndWitnessesUse() {
        Path tlog = dir.resolve("tlog");
        // A registry made before origins were unique: its key is named after the old default.
        new TransparencyLog(null, "dpr.example/registry/registry", tlog, Duration.ofSeconds(1)).close();
        String vkey = Ed25519NoteSigner.parse(readKey(tlog)).verifier().vkey();
        assertThat(open(tlog, "")).isEqualTo("dpr.example/registry/registry");
        assertThat(Ed25519NoteSigner.parse(readKey(tlog)).verifier().vkey()).as("the same key").isEqualTo(vkey);
    }

    @Test
    void aConfiguredOriginWinsForANewLogAndAnotherOneIsRefusedForAnExistingLog() {
        assertThat(open(dir.resolve("court"), "court.example/registry")).isEqualTo("court.example/registry");
        Path existing = dir.resolve("existing");
        String unique = open(existing, "");
        assertThatThrownBy(() -> open(existing, "court.example/registry")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is for origin '" + unique + "', not 'court.example/registry'");
    }
}
