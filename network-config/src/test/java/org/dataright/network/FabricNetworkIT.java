package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dataright.network.Network.Node;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link FabricNetworkTest} with `network.sh up` (cryptogen, role identities signed with openssl), and
 * what only this run does: an `up` that fails half way stops every process it started and `status`
 * says so; and, past the faults both modes test, two of the three Raft orderers down (no quorum: dpr
 * says ordering is unavailable) and every node restarted with its ledger, the service recovering
 * without a restart.
 */
class FabricNetworkIT extends FabricNetworkTest {
    /** network.config's CHANNEL_NAME. */
    private static final String CHANNEL = "registry";

    @Override
    protected List<String> upOptions() {
        return List.of();
    }

    /**
     * An `up` whose export of profiles and trust bundle fails: everything it started is
     * stopped, `status` says the last up failed and where, and `deploy` refuses; the `up` that follows
     * (bringTheNetworkUp) cleans up and starts again.
     */
    @Override
    protected void beforeUp() {
        try {
            Path notAJar = Files.createTempFile("not-a-jar", ".jar");
            try {
                Files.writeString(notAJar, "not a jar");
                Map<String, String> broken = new HashMap<>(env);
                broken.put("DPR_JAR", notAJar.toString());
                Network.Result up = Network.run(Network.DIR, broken, 600, "bash", "network.sh", "up");
                System.out.println("$ network.sh up   (DPR_JAR is not a jar: the last step fails)\n" + up.output());
                assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
                assertThat(up.output()).contains("up failed while exporting the connection profiles and the trust bundle",
                        "stopping the processes it started");
            } finally {
                Files.deleteIfExists(notAJar);
            }
            String status = script("status");
            assertThat(status).contains("network: failed", "failed while exporting the connection profiles and the trust bundle");
            for (Node n : Network.nodes()) {
                assertThat(status).containsPattern(Pattern.quote(n.name()) + "\\s+\\S+\\s+\\S+\\s+-\\s+stopped\\s+\\S+ \\(closed\\)");
            }
            Network.Result deploy = Network.run(Network.DIR, env, 60, "bash", "network.sh", "deploy");
            assertThat(deploy.exitCode()).isEqualTo(1);
            assertThat(deploy.output()).contains("the last 'up' failed while exporting");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Two of the three Raft orderers down, no quorum: dpr says the ordering service took nothing (its own
     * code, exit 4, the operator's next step), while the service's health stays UP (its peer serves
     * queries); the orderers started again: acts commit, the service never restarted.
     */
    @Test
    @Order(12)
    void twoOfThreeOrderersDownDprSaysOrderingIsUnavailableUntilTheyRestart() throws Exception {
        requireTheService();
        node("stop-node", "orderer1");
        node("stop-node", "orderer2");
        try {
            DprCli.Run refused = dprRegister("alice", "no raft quorum");
            assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(4);
            assertThat(refused.stderr()).as(refused.describe())
                    .startsWith("error: ORDERING_UNAVAILABLE: the peer at 127.0.0.1:" + registryPeer().port()
                            + " endorsed registerAsset, but the ordering service took nothing (")
                    .contains("next: nothing was recorded; the network's orderers are down or have no quorum: "
                            + "ask the network operator, then try again")
                    .doesNotContain("LEDGER_UNREACHABLE", "start the registry");
            assertThat(ledgerHealth().path("status").asText()).as("the service's peer serves queries").isEqualTo("UP");
        } finally {
            node("start-node", "orderer1");
            node("start-node", "orderer2");
        }
        // A transaction broadcast while Raft elects a leader can be dropped (Fabric asks clients to resubmit), and
        // dpr then waits out its commit-status deadline; so the act is sent once the orderers have a leader again.
        eventually("a Raft leader on " + CHANNEL + " after the orderers restarted", FabricNetworkIT::raftLeader);
        eventually("dpr asset register after the orderers restarted", () -> dprRegistered("alice", "orderers restarted"));
    }

    /** The orderer that reports itself Raft leader of the channel (its operations endpoint's Prometheus metrics). */
    private static String raftLeader() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String leader = "consensus_etcdraft_is_leader{channel=\"" + CHANNEL + "\"} 1";
        for (Node orderer : Network.nodes("orderer")) {
            try {
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + orderer.opsPort() + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (metrics.body().lines().anyMatch(l -> l.strip().equals(leader))) {
                    return orderer.name();
                }
            } catch (IOException e) {
                // this orderer is not up yet: ask the next one
            }
        }
        throw new IllegalStateException("no orderer reports itself Raft leader of " + CHANNEL + " yet");
    }

    /**
     * Every node stopped and started again: the ledger is the one before, the service (never restarted)
     * is UP again and answers from it, and acts commit.
     */
    @Test
    @Order(13)
    void everyNodeRestartedKeepsTheLedgerAndTheServiceRecovers() throws Exception {
        requireTheService();
        String before;
        try (Client alice = Client.of("RegistryOrg", "alice", FAULT_WAIT)) {
            before = alice.evaluate("getRight", rightIdOfTheTransfer());
        }
        for (Node n : Network.nodes()) {
            if (n.kind().equals("peer") || n.kind().equals("orderer")) {
                node("stop-node", n.name());
            }
        }
        for (Node n : Network.nodes()) {
            if (n.kind().equals("orderer") || n.kind().equals("peer")) {
                node("start-node", n.name());
            }
        }
        try (Client alice = Client.of("RegistryOrg", "alice", FAULT_WAIT)) {
            assertThat(eventually("a query after the restart", () -> alice.evaluate("getRight", rightIdOfTheTransfer())))
                    .isEqualTo(before);
        }
        eventually("the service's health UP after the restart", () -> {
            Answer health = serviceGet("/actuator/health");
            if (health.status() != 200) {
                throw new IllegalStateException("health " + health);
            }
            return health;
        });
        Answer right = serviceGet(rightPath(rightIdOfTheTransfer()));
        assertThat(right.status()).as("%s", right).isEqualTo(200);
        assertThat(right.json().path("holder").asText()).as("%s", right).isNotEmpty();
        eventually("dpr asset register after the restart", () -> dprRegistered("alice", "network restarted"));
    }

    private static Node registryPeer() {
        return Network.nodes("peer").stream().filter(n -> n.org().equals("RegistryOrg")).findFirst().orElseThrow();
    }

    private String rightIdOfTheTransfer() {
        assertThat(rightId()).as("the transfer test ran first").isNotNull();
        return rightId();
    }
}
