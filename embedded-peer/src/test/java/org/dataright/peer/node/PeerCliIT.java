package org.dataright.peer.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fabric 2.5's own {@code peer} CLI against the embedded node on loopback (no Fabric network): the
 * commands a Fabric tutorial runs, with an identity the registry's CA enrols, their output asserted
 * against the ledger. Needs the Fabric binaries: {@code FABRIC_BIN}, else {@code peer} on the PATH;
 * skipped with a banner when neither runs.
 */
class PeerCliIT {
    private static final String CC = "testcc";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static Path peerBinary;
    private static EmbeddedPeer peer;
    private static Path configDir;
    private static Path clientMsp;
    private static Path adminMsp;

    @BeforeAll
    static void start() throws Exception {
        peerBinary = findPeerBinary();
        TestChaincodeServer chaincode = TestChaincodeServer.shared();
        peer = EmbeddedPeer.start(PeerConfig.builder(dir.resolve("data"))
                .port(0)
                .chaincode(ChaincodeAddress.of(CC, "127.0.0.1", chaincode.port()))
                .blockCutting(10, Duration.ofMillis(50))
                .build());
        SigningIdentity alice = peer.identities().organizationCa().enroll(peer.config().mspId(), "alice", MSPRoleType.CLIENT,
                Map.of("role", "enterprise"));
        clientMsp = writeMsp(dir.resolve("alice-msp"), alice);
        adminMsp = writeMsp(dir.resolve("admin-msp"), peer.identities().admin());
        configDir = Files.createDirectories(dir.resolve("cfg"));
        Files.writeString(configDir.resolve("core.yaml"), minimalCoreYaml());
    }

    @AfterAll
    static void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void invokeCommitsAndQueryReadsItBack() throws Exception {
        Result invoke = peerCli(clientMsp, "chaincode", "invoke", "-o", peer.endpoint(), "-C", peer.channelId(), "-n", CC,
                "-c", "{\"Args\":[\"put\",\"cli-key\",\"cli-value\"]}", "--waitForEvent");
        assertThat(invoke.exitCode()).as(invoke.toString()).isZero();
        assertThat(invoke.stderr()).contains("Chaincode invoke successful. result: status:200");
        String txId = between(invoke.stderr(), "txid [", "]");
        assertThat(invoke.stderr()).contains("txid [" + txId + "] committed with status (VALID)");
        assertThat(peer.ledger().getTxStatus(txId).orElseThrow().code()).isEqualTo(TxValidationCode.VALID);

        Result query = peerCli(clientMsp, "chaincode", "query", "-C", peer.channelId(), "-n", CC,
                "-c", "{\"Args\":[\"get\",\"cli-key\"]}");
        assertThat(query.exitCode()).as(query.toString()).isZero();
        assertThat(query.stdout().trim()).isEqualTo("cli-value");
    }

    @Test
    void invokeWithoutAnOrdererFlagFindsItInTheChannelConfig() throws Exception {
        // The CLI asks cscc GetChannelConfig (header type CONFIG, no channel) for the orderer endpoints of block 0.
        Result invoke = peerCli(clientMsp, "chaincode", "invoke", "-C", peer.channelId(), "-n", CC,
                "-c", "{\"Args\":[\"put\",\"no-o-key\",\"v\"]}", "--waitForEvent");
        assertThat(invoke.exitCode()).as(invoke.toString()).isZero();
        assertThat(invoke.stderr()).contains("Retrieved channel (" + peer.channelId() + ") orderer endpoint: " + peer.endpoint())
                .contains("committed with status (VALID)");
    }

    @Test
    void aChaincodeRefusalReachesTheCliWithItsMessage() throws Exception {
        Result fail = peerCli(clientMsp, "chaincode", "invoke", "-o", peer.endpoint(), "-C", peer.channelId(), "-n", CC,
                "-c", "{\"Args\":[\"fail\",\"RIGHT_FROZEN: right r-7 is frozen by case 42\"]}");
        assertThat(fail.exitCode()).isNotZero();
        assertThat(fail.stderr()).contains("RIGHT_FROZEN: right r-7 is frozen by case 42");
    }

    @Test
    void aRichQueryIsRefusedSayingWhatAndWhy() throws Exception {
        Result rich = peerCli(clientMsp, "chaincode", "query", "-C", peer.channelId(), "-n", CC,
                "-c", "{\"Args\":[\"richQuery\",\"{\\\"selector\\\":{}}\"]}");
        assertThat(rich.exitCode()).isNotZero();
        assertThat(rich.stderr()).contains("UNSUPPORTED_FEATURE: rich queries").contains("GetQueryResult");
    }

    @Test
    void channelGetinfoMatchesTheLedger() throws Exception {
        Result info = peerCli(clientMsp, "channel", "getinfo", "-c", peer.channelId());
        assertThat(info.exitCode()).as(info.toString()).isZero();
        // Go's JSON of BlockchainInfo: hashes in base64, an empty previous hash (block 0 only) left out.
        BlockchainInfo chain = peer.ledger().getChainInfo();
        Base64.Encoder base64 = Base64.getEncoder();
        String expected = "Blockchain info: {\"height\":" + chain.getHeight() + ",\"currentBlockHash\":\""
                + base64.encodeToString(chain.getCurrentBlockHash().toByteArray()) + "\""
                + (chain.getPreviousBlockHash().isEmpty() ? ""
                        : ",\"previousBlockHash\":\"" + base64.encodeToString(chain.getPreviousBlockHash().toByteArray()) + "\"")
                + "}\n";
        assertThat(info.stdout()).isEqualTo(expected);
    }

    @Test
    void channelListNamesTheOneChannel() throws Exception {
        Result list = peerCli(clientMsp, "channel", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).isEqualTo("Channels peers has joined: \n" + peer.channelId() + "\n");
    }

    @Test
    void channelFetchNewestWritesTheLedgersLastBlock() throws Exception {
        Path file = dir.resolve("newest.block");
        Result fetch = peerCli(clientMsp, "channel", "fetch", "newest", file.toString(), "-c", peer.channelId());
        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        Block block = Block.parseFrom(Files.readAllBytes(file));
        assertThat(fetch.stderr()).contains("Received block: " + block.getHeader().getNumber());
        assertThat(block).isEqualTo(peer.ledger().getBlockByNumber(block.getHeader().getNumber()).orElseThrow());

        Path genesis = dir.resolve("oldest.block");
        Result oldest = peerCli(clientMsp, "channel", "fetch", "oldest", genesis.toString(), "-c", peer.channelId());
        assertThat(oldest.exitCode()).as(oldest.toString()).isZero();
        assertThat(Files.readAllBytes(genesis)).isEqualTo(peer.ledger().getBlockByNumber(0).orElseThrow().toByteArray());
    }

    @Test
    void lifecycleQuerycommittedDescribesTheChaincode() throws Exception {
        Result all = peerCli(clientMsp, "lifecycle", "chaincode", "querycommitted", "-C", peer.channelId());
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.stdout()).isEqualTo("Committed chaincode definitions on channel '" + peer.channelId() + "':\n"
                + "Name: testcc, Version: 1.0, Sequence: 1, Endorsement Plugin: escc, Validation Plugin: vscc\n");

        Result one = peerCli(clientMsp, "lifecycle", "chaincode", "querycommitted", "-C", peer.channelId(), "-n", CC);
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.stdout()).isEqualTo("Committed chaincode definition for chaincode 'testcc' on channel '"
                + peer.channelId() + "':\nVersion: 1.0, Sequence: 1, Endorsement Plugin: escc, Validation Plugin: vscc,"
                + " Approvals: [RegistryMSP: true]\n");

        Result missing = peerCli(clientMsp, "lifecycle", "chaincode", "querycommitted", "-C", peer.channelId(), "-n", "nosuch");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("query failed with status: 404 - namespace nosuch is not defined");
    }

    @Test
    void lifecycleQueryinstalledIsForTheOrganisationsAdmins() throws Exception {
        Result installed = peerCli(adminMsp, "lifecycle", "chaincode", "queryinstalled");
        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        assertThat(installed.stdout()).isEqualTo("Installed chaincodes on peer:\nPackage ID: testcc:1, Label: testcc\n");

        Result refused = peerCli(clientMsp, "lifecycle", "chaincode", "queryinstalled");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("QueryInstalledChaincodes is for the admins of this peer's organisation RegistryMSP");
    }

    // ---------------------------------------------------------------- the CLI

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static Result peerCli(Path msp, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(peerBinary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("cli.out").toFile())
                .redirectError(dir.resolve("cli.err").toFile());
        Map<String, String> env = builder.environment();
        env.put("FABRIC_CFG_PATH", configDir.toString());
        env.put("CORE_PEER_ADDRESS", peer.endpoint());
        env.put("CORE_PEER_LOCALMSPID", peer.config().mspId());
        env.put("CORE_PEER_MSPCONFIGPATH", msp.toString());
        env.put("CORE_PEER_TLS_ENABLED", "false");
        Process process = builder.start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("peer " + String.join(" ", args) + " did not finish within " + COMMAND_TIMEOUT);
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("cli.out"), UTF_8),
                Files.readString(dir.resolve("cli.err"), UTF_8));
    }

    /** An MSP folder as the CLI reads one: signcerts, keystore, cacerts, and the node OUs the channel's MSP uses. */
    private static Path writeMsp(Path msp, SigningIdentity identity) throws IOException {
        Files.createDirectories(msp.resolve("signcerts"));
        Files.createDirectories(msp.resolve("keystore"));
        Files.createDirectories(msp.resolve("cacerts"));
        Files.writeString(msp.resolve("signcerts/cert.pem"), Pem.of(identity.certificate()), UTF_8);
        Files.writeString(msp.resolve("keystore/key_sk"), Pem.of(identity.privateKey()), UTF_8);
        Files.writeString(msp.resolve("cacerts/ca.pem"), Pem.of(peer.identities().organizationCa().certificate()), UTF_8);
        StringBuilder nodeOus = new StringBuilder("NodeOUs:\n  Enable: true\n");
        for (String ou : List.of("client", "peer", "admin", "orderer")) {
            nodeOus.append("  ").append(Character.toUpperCase(ou.charAt(0))).append(ou.substring(1))
                    .append("OUIdentifier:\n    Certificate: cacerts/ca.pem\n    OrganizationalUnitIdentifier: ").append(ou).append('\n');
        }
        Files.writeString(msp.resolve("config.yaml"), nodeOus, UTF_8);
        return msp;
    }

    /** Only what the CLI reads; the peer's address, MSP and TLS come from the environment. */
    private static String minimalCoreYaml() {
        return """
                peer:
                  id: cli
                  BCCSP:
                    Default: SW
                    SW:
                      Hash: SHA2
                      Security: 256
                client:
                  connTimeout: 10s
                """;
    }

    private static String between(String text, String before, String after) {
        int start = text.indexOf(before);
        assertThat(start).as("'" + before + "' in:\n" + text).isNotNegative();
        start += before.length();
        return text.substring(start, text.indexOf(after, start));
    }

    private static Path findPeerBinary() {
        String bin = System.getenv("FABRIC_BIN");
        List<Path> candidates = new ArrayList<>();
        if (bin != null && !bin.isEmpty()) {
            candidates.add(Path.of(bin, "peer"));
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                candidates.add(Path.of(entry, "peer"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && runs(candidate)) {
                return candidate;
            }
        }
        String banner = "\n*** PeerCliIT SKIPPED: no Fabric `peer` binary runs here (looked in FABRIC_BIN="
                + bin + " and on the PATH). Run it with FABRIC_BIN=$(../shared/fabric/install.sh)/bin ***\n";
        System.out.println(banner);
        System.err.println(banner);
        Assumptions.abort(banner.trim());
        throw new IllegalStateException("unreachable");
    }

    private static boolean runs(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
