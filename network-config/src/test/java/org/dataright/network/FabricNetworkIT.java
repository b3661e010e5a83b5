package org.dataright.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
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
 * says so; then faults on the running network — one endorsing organisation's peer down (acts still
 * succeed, the policy needs the registry and one other), both other organisations' peers down (refused
 * by the endorsement policy), the registry's peer down, two of the three Raft orderers down (no
 * quorum: nothing commits), and every node restarted with its ledger.
 */
class FabricNetworkIT extends FabricNetworkTest {
    /** How long a fault test's client waits for a step of a transaction. */
    private static final Duration FAULT_WAIT = Duration.ofSeconds(20);

    @Override
    protected List<String> upOptions() {
        return List.of();
    }

    /**
     * An `up` whose last step (the export of profiles and trust bundle) fails: everything it started is
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

    @Test
    @Order(10)
    void oneOtherOrganisationsPeerDownActsStillCommitAndBothDownTheyAreRefusedByThePolicy() throws Exception {
        node("stop-node", "peer0-judiciary");
        try (Client alice = Client.of("RegistryOrg", "alice", FAULT_WAIT)) {
            // the registry's and the exchange's peers satisfy AND(registry, OR(exchange, judiciary))
            String asset = eventually("an act with JudiciaryOrg's peer down", () -> alice.submit("registerAsset",
                    newAssetDescription("judiciary peer down")));
            assertThat(asset).contains("\"id\":\"A-");

            node("stop-node", "peer0-exchange");
            Throwable refused = catchThrowable(() -> alice.submit("registerAsset", newAssetDescription("two peers down")));
            System.out.println("with ExchangeOrg's and JudiciaryOrg's peers down: " + describe(refused));
            assertThat(refused).as("no endorsement without a second organisation").isNotNull();
            assertThat(describe(refused).toLowerCase()).containsAnyOf("endorsement policy", "endorsing", "endorse");
        } finally {
            node("start-node", "peer0-exchange");
            node("start-node", "peer0-judiciary");
        }
        try (Client carol = Client.of("ExchangeOrg", "carol", FAULT_WAIT)) {
            String asset = eventually("an act after the two peers restarted", () -> carol.submit("registerAsset",
                    newAssetDescription("peers restarted")));
            assertThat(asset).contains("\"id\":\"A-");
        }
    }

    @Test
    @Order(11)
    void theRegistrysPeerDownNoActCommitsThroughAnotherOrganisationsGateway() throws Exception {
        node("stop-node", "peer0-registry");
        try (Client carol = Client.of("ExchangeOrg", "carol", FAULT_WAIT)) {
            Throwable refused = catchThrowable(() -> carol.submit("registerAsset", newAssetDescription("registry peer down")));
            System.out.println("with RegistryOrg's peer down: " + describe(refused));
            assertThat(refused).as("the policy needs RegistryOrg's peer").isNotNull();
            // queries need one peer only
            assertThat(carol.evaluate("getRight", rightIdOfTheTransfer())).contains("\"holder\":");
        } finally {
            node("start-node", "peer0-registry");
        }
        try (Client alice = Client.of("RegistryOrg", "alice", FAULT_WAIT)) {
            String asset = eventually("an act after the registry's peer restarted", () -> alice.submit("registerAsset",
                    newAssetDescription("registry peer restarted")));
            assertThat(asset).contains("\"id\":\"A-");
            assertThat(alice.evaluate("getRight", rightIdOfTheTransfer())).as("the restarted peer kept its ledger").contains("\"holder\":");
        }
    }

    @Test
    @Order(12)
    void twoOfThreeOrderersDownNothingCommitsUntilTheyRestart() throws Exception {
        node("stop-node", "orderer1");
        node("stop-node", "orderer2");
        try (Client alice = Client.of("RegistryOrg", "alice", FAULT_WAIT)) {
            Throwable noQuorum = catchThrowable(() -> alice.submit("registerAsset", newAssetDescription("no raft quorum")));
            System.out.println("with two of three orderers down: " + describe(noQuorum));
            assertThat(noQuorum).as("one orderer of three has no Raft quorum").isNotNull();
        } finally {
            node("start-node", "orderer1");
            node("start-node", "orderer2");
        }
        try (Client alice = Client.of("RegistryOrg", "alice", FAULT_WAIT)) {
            String asset = eventually("an act after the orderers restarted", () -> alice.submit("registerAsset",
                    newAssetDescription("orderers restarted")));
            assertThat(asset).contains("\"id\":\"A-");
        }
    }

    /** Every node stopped and started again: the ledger is the one before, and acts commit. */
    @Test
    @Order(13)
    void everyNodeRestartedKeepsTheLedger() throws Exception {
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
            String asset = eventually("an act after the restart", () -> alice.submit("registerAsset",
                    newAssetDescription("network restarted")));
            assertThat(asset).contains("\"id\":\"A-");
        }
    }

    private String rightIdOfTheTransfer() {
        assertThat(rightId()).as("the transfer test ran first").isNotNull();
        return rightId();
    }

    private void node(String verb, String name) {
        Network.Result r = Network.run(Network.DIR, env, 300, "bash", "scripts/native.sh", verb, name);
        System.out.println("$ scripts/native.sh " + verb + " " + name + "\n" + r.output());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** The exception and its gateway error details (endorser addresses, MSP ids, messages). */
    static String describe(Throwable t) {
        if (t == null) {
            return "no error";
        }
        StringBuilder b = new StringBuilder(t.toString());
        if (t instanceof org.hyperledger.fabric.client.GatewayException g) {
            g.getDetails().forEach(d -> b.append(" | ").append(d.getMspId()).append(" ").append(d.getAddress())
                    .append(": ").append(d.getMessage()));
        }
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }

}
