package org.dataright.cli.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dataright.cli.Cli;
import org.dataright.evidence.log.AddCheckpoint;
import org.dataright.evidence.log.Checkpoint;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.Ed25519NoteSigner;
import org.dataright.evidence.log.MerkleTree;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.witness.FileWitnessStore;
import org.dataright.evidence.witness.Witness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessServerTest {
    private static final String ORIGIN = "registry.example/log";
    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate(ORIGIN);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theWitnessCosignsOverHttpAndRemembersAcrossARestart() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result init = cli.run("witness", "init", "--name", "judiciary.example/witness", "--key", dir.resolve("w.key").toString());
        assertThat(init.exit()).as(init.err()).isZero();
        String vkey = init.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(vkey).startsWith("judiciary.example/witness+");
        assertThat(cli.run("witness", "init", "--name", "x", "--key", dir.resolve("w.key").toString()).err())
                .contains("WITNESS_KEY_EXISTS");

        CosignatureSigner key = WitnessCommand.readKey(dir.resolve("w.key"), java.time.Clock.systemUTC());
        assertThat(key.verifier().vkey()).isEqualTo(vkey);
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 9; i++) {
            tree.append(("act " + i).getBytes(StandardCharsets.UTF_8));
        }
        SignedNote nine = SignedNote.sign(Checkpoint.of(ORIGIN, tree).text(), log);
        try (WitnessServer server = server(key)) {
            HttpResponse<String> ok = post(server, new AddCheckpoint(0, List.of(), nine).bytes());
            assertThat(ok.statusCode()).isEqualTo(200);
            SignedNote cosigned = Witness.cosigned(nine, ok.body(), key.verifier());
            assertThat(cosigned.verifiedBy(NoteVerifiers.of(key.verifier()))).hasSize(1);
            assertThat(post(server, "not a request".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
            assertThat(post(server, new byte[WitnessServer.MAX_BODY + 1]).statusCode()).isEqualTo(413);
        }
        // A restarted witness still knows it cosigned size 9: a request from size 0 is told so.
        try (WitnessServer server = server(key)) {
            HttpResponse<String> conflict = post(server, new AddCheckpoint(0, List.of(), nine).bytes());
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(conflict.headers().firstValue("Content-Type")).contains(Witness.SIZE_CONTENT_TYPE);
            assertThat(conflict.body()).isEqualTo("9\n");
        }
        Files.writeString(Files.list(dir.resolve("state")).findFirst().orElseThrow(), "damaged\n");
        try (WitnessServer server = server(key)) {
            HttpResponse<String> refused = post(server, new AddCheckpoint(9, List.of(), nine).bytes());
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(refused.body()).contains("is damaged");
        }
    }

    private WitnessServer server(CosignatureSigner key) throws Exception {
        Map<String, NoteVerifiers> logs = WitnessCommand.logs(new ArrayList<>(List.of(log.verifier().vkey())));
        WitnessServer server = new WitnessServer(new Witness(key, logs, new FileWitnessStore(dir.resolve("state")), null),
                new InetSocketAddress("127.0.0.1", 0));
        server.start();
        return server;
    }

    private HttpResponse<String> post(WitnessServer server, byte[] body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/add-checkpoint");
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
