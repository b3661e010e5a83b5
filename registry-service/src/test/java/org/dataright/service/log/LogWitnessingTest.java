package org.dataright.service.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.witness.FileWitnessStore;
import org.dataright.evidence.witness.Witness;
import org.dataright.service.log.LogBlocks.Tx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's checkpoints as witnesses cosign them: the local witness, a remote one that is down and comes back, a fork. */
class LogWitnessingTest {
    private static final String ORIGIN = "dpr.example/registry/registry";

    @TempDir
    Path dir;

    @Test
    void theLocalWitnessCosignsEveryCheckpointAcrossARestartAndThePolicyNamesIt() {
        TlogProperties props = new TlogProperties(true, "", Duration.ofSeconds(1), true, List.of(), Duration.ofSeconds(10));
        String policy;
        try (TransparencyLog log = new TransparencyLog(null, ORIGIN, dir.resolve("tlog"), Duration.ofSeconds(1), props)) {
            LogBlocks.blocks(0, 3, 4).forEach(log::append);
            assertThat(log.publish()).isTrue();
            policy = log.policy(null);
            assertThat(policy).startsWith("log " + log.vkey() + "\nwitness " + ORIGIN + "/local-witness ")
                    .endsWith("quorum " + ORIGIN + "/local-witness\n");
            assertThat(log.checkpoint().verifiedBy(keysOf(policy))).hasSize(2);
        }
        try (TransparencyLog log = new TransparencyLog(null, ORIGIN, dir.resolve("tlog"), Duration.ofSeconds(1), props)) {
            // The restarted log's client learns from the witness (409) that it cosigned 12 leaves, and proves 12 -> 13.
            log.append(LogBlocks.block(3, Tx.valid("tx-after-restart", "rights", "right~R-1")));
            assertThat(log.publish()).isTrue();
            assertThat(log.policy(null)).isEqualTo(policy);
            assertThat(log.checkpoint().text()).contains("\n13\n");
            assertThat(log.checkpoint().verifiedBy(keysOf(policy))).hasSize(2);
        }
    }

    @Test
    void aRemoteWitnessThatIsDownIsAskedAgainAndAForkIsRefused() throws IOException {
        CosignatureSigner judiciary = CosignatureSigner.generate("judiciary.example/witness", Clock.systemUTC());
        Path tlog = dir.resolve("tlog");
        Path witnessState = dir.resolve("judiciary");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HttpServer server = null;
        TlogProperties props = new TlogProperties(true, "", Duration.ofSeconds(1), false,
                List.of(judiciary.verifier().vkey() + " http://127.0.0.1:" + port + "/"), Duration.ofSeconds(10));
        try (TransparencyLog log = new TransparencyLog(null, ORIGIN, tlog, Duration.ofSeconds(1), props)) {
            LogBlocks.blocks(0, 2, 3).forEach(log::append);
            log.publish();
            assertThat(log.checkpoint().signatures()).as("the witness is down: the log's signature only").hasSize(1);

            Witness witness = new Witness(judiciary, Map.of(ORIGIN, NoteVerifiers.ofKeys(log.vkey())),
                    new FileWitnessStore(witnessState), null);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4);
            server.createContext("/add-checkpoint", exchange -> {
                try (exchange; InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                    Witness.Answer answer = witness.addCheckpoint(in.readAllBytes());
                    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                    exchange.sendResponseHeaders(answer.status(), body.length);
                    out.write(body);
                }
            });
            server.start();
            assertThat(log.publish()).as("same size: no new checkpoint").isFalse();
            assertThat(log.checkpoint().verifiedBy(keysOf(log.policy(null)))).as("but now cosigned").hasSize(2);
            assertThat(log.policy(null)).contains("witness judiciary.example/witness " + judiciary.verifier().vkey()
                    + " http://127.0.0.1:" + port + "/\n");
            Files.copy(tlog.resolve("log.key"), dir.resolve("log.key"));
        }
        // Someone rebuilds the log from other blocks with the same key: the judiciary's witness refuses the fork.
        Path forkDir = dir.resolve("fork");
        Files.createDirectories(forkDir);
        Files.copy(dir.resolve("log.key"), forkDir.resolve("log.key"));
        try (TransparencyLog fork = new TransparencyLog(null, ORIGIN, forkDir, Duration.ofSeconds(1), props)) {
            LogBlocks.blocks(0, 1, 3).forEach(fork::append);
            fork.append(LogBlocks.block(1, Tx.valid("tx-that-never-was", "rights", "right~R-9")));
            LogBlocks.blocks(2, 1, 3).forEach(fork::append);
            fork.publish();
            SignedNote forked = fork.checkpoint();
            assertThat(forked.signatures()).as("no cosignature on a fork").hasSize(1);
        } finally {
            server.stop(0);
        }
        assertThat(Files.readString(Files.list(witnessState).findFirst().orElseThrow())).as("the witness kept its view")
                .contains("\n6\n");
    }

    @Test
    void withAQuorumOfOneOfTwoACheckpointVerifiesWhileOneWitnessIsDownAndTheDownOneIsStillAsked() throws IOException {
        CosignatureSigner judiciary = CosignatureSigner.generate("judiciary.example/witness", Clock.systemUTC());
        CosignatureSigner exchange = CosignatureSigner.generate("exchange.example/witness", Clock.systemUTC());
        int judiciaryPort = freePort();
        int exchangePort = freePort();
        TlogProperties props = new TlogProperties(true, "", Duration.ofSeconds(1), false,
                List.of(judiciary.verifier().vkey() + " http://127.0.0.1:" + judiciaryPort + "/",
                        exchange.verifier().vkey() + " http://127.0.0.1:" + exchangePort + "/"),
                Duration.ofSeconds(10), "1", Duration.ofMinutes(5));
        HttpServer judiciaryServer = null;
        HttpServer exchangeServer = null;
        try (TransparencyLog log = new TransparencyLog(null, ORIGIN, dir.resolve("tlog"), Duration.ofSeconds(1), props)) {
            String vkey = log.vkey();
            judiciaryServer = serve(judiciary, vkey, judiciaryPort, dir.resolve("judiciary"));
            exchangeServer = serve(exchange, vkey, exchangePort, dir.resolve("exchange"));
            LogBlocks.blocks(0, 2, 3).forEach(log::append);
            log.publish();
            TlogPolicy policy = TlogPolicy.parse(log.policy(null));
            assertThat(policy.render()).endsWith("group witness-quorum 1 judiciary.example/witness exchange.example/witness\n"
                    + "quorum witness-quorum\n");
            assertThat(policy.verify(log.checkpoint()).cosigners()).containsExactly("judiciary.example/witness",
                    "exchange.example/witness");

            exchangeServer.stop(0);
            log.append(LogBlocks.block(2, Tx.valid("tx-while-down", "rights", "right~R-1")));
            assertThat(log.publish()).isTrue();
            assertThat(log.checkpoint().text()).contains("\n7\n");
            assertThat(policy.verify(log.checkpoint()).cosigners()).as("the quorum of one is met")
                    .containsExactly("judiciary.example/witness");
            TlogPolicy everyWitness = TlogPolicy.parse(log.policy(null).replace("group witness-quorum 1", "group witness-quorum 2"));
            assertThatThrownBy(() -> everyWitness.verify(log.checkpoint())).hasMessageContaining("is not met");

            // The exchange's witness comes back: the same checkpoint is offered to it again and it cosigns.
            exchangeServer = serve(exchange, vkey, exchangePort, dir.resolve("exchange"));
            assertThat(log.publish()).as("same size: no new checkpoint").isFalse();
            assertThat(policy.verify(log.checkpoint()).cosigners()).hasSize(2);
        } finally {
            if (judiciaryServer != null) {
                judiciaryServer.stop(0);
            }
            if (exchangeServer != null) {
                exchangeServer.stop(0);
            }
        }
    }

    @Test
    void aQuorumLargerThanTheWitnessesAskedIsRefusedAtTheStart() {
        TlogProperties props = new TlogProperties(true, "", Duration.ofSeconds(1), true, List.of(), Duration.ofSeconds(10),
                "2", Duration.ofMinutes(5));
        assertThatThrownBy(() -> new TransparencyLog(null, ORIGIN, dir.resolve("tlog"), Duration.ofSeconds(1), props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("registry.tlog.witness-quorum: 2 cosignatures cannot be had from the 1 witnesses asked (the local"
                        + " witness counts when it is on)");
        assertThat(CheckpointWitnesses.quorum("any", 3)).isEqualTo(1);
        assertThat(CheckpointWitnesses.quorum("all", 3)).isEqualTo(3);
        assertThat(CheckpointWitnesses.quorum("all", 0)).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** A witness of the log {@code logVkey} over HTTP on {@code port}, its record in {@code state}. */
    private static HttpServer serve(CosignatureSigner key, String logVkey, int port, Path state) throws IOException {
        Witness witness = new Witness(key, Map.of(ORIGIN, NoteVerifiers.ofKeys(logVkey)), new FileWitnessStore(state), null);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4);
        server.createContext("/add-checkpoint", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                Witness.Answer answer = witness.addCheckpoint(in.readAllBytes());
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), body.length);
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static NoteVerifiers keysOf(String policy) {
        return NoteVerifiers.ofKeys(policy.lines().filter(l -> l.startsWith("log ") || l.startsWith("witness "))
                .map(l -> l.startsWith("log ") ? l.split(" ")[1] : l.split(" ")[2]).toArray(String[]::new));
    }
}
