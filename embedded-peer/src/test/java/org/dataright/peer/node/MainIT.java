package org.dataright.peer.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.testcc.TestChaincodeServer;
import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone command: client files, restart on the same data, and a chaincode jar launched as a child process. */
class MainIT {

    @Test
    void writesWhatAClientNeedsAndKeepsItsLedgerAcrossRestarts(@TempDir Path data) throws Exception {
        int ccPort = TestChaincodeServer.shared().port();
        String[] args = {"--data", data.toString(), "--port", "0", "--chaincode", "testcc=127.0.0.1:" + ccPort,
            "--batch-timeout-ms", "50"};
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String caBefore;
        try (EmbeddedPeer peer = Main.start(args, new PrintStream(printed, true, UTF_8))) {
            assertThat(printed.toString(UTF_8)).contains("listening on " + peer.endpoint())
                    .contains(data.resolve("client").toAbsolutePath().toString());
            try (Clients clients = Clients.connect(endpoint(data), admin(data))) {
                Contract contract = clients.gateway().getNetwork(channel(data)).getContract("testcc");
                assertThat(new String(contract.evaluateTransaction("whoami"), UTF_8)).isEqualTo("RegistryMSP/registrar");
                contract.submitTransaction("put", "kept", "yes");
            }
            caBefore = Files.readString(data.resolve("client/ca.pem"));
        }
        try (EmbeddedPeer peer = Main.start(args, new PrintStream(OutputStream.nullOutputStream(), true, UTF_8));
                Clients clients = Clients.connect(endpoint(data), admin(data))) {
            assertThat(Files.readString(data.resolve("client/ca.pem"))).isEqualTo(caBefore);
            Contract contract = clients.gateway().getNetwork(peer.channelId()).getContract("testcc");
            assertThat(new String(contract.evaluateTransaction("get", "kept"), UTF_8)).isEqualTo("yes");
        }
    }

    @Test
    void launchesAChaincodeJarAsAChaincodeServer(@TempDir Path data) throws Exception {
        Path jar = launcherJar(data.resolve("testcc.jar"));
        String[] args = {"--data", data.resolve("peer").toString(), "--port", "0", "--chaincode-jar", jar.toString(),
            "--batch-timeout-ms", "50"};
        try (EmbeddedPeer peer = Main.start(args, new PrintStream(OutputStream.nullOutputStream(), true, UTF_8));
                Clients clients = Clients.connect(peer.endpoint(), peer.identities().admin())) {
            Contract contract = clients.gateway().getNetwork(peer.channelId()).getContract("testcc");
            contract.submitTransaction("put", "from-jar", "1");
            assertThat(new String(contract.evaluateTransaction("get", "from-jar"), UTF_8)).isEqualTo("1");
            // The launcher sets CORE_PEER_LOCALMSPID as a Fabric peer does, so the shim's getMspId() answers.
            assertThat(new String(contract.evaluateTransaction("peerMspId"), UTF_8)).isEqualTo(peer.config().mspId());
        }
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> Main.parse(new String[] {"--port", "1"})).hasMessageContaining("--data DIR is required");
        assertThatThrownBy(() -> Main.parse(new String[] {"--data", "x", "--bogus", "1"})).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> Main.parse(new String[] {"--data", "x", "--chaincode", "cc"}))
                .hasMessageContaining("NAME=HOST:PORT");
    }

    /** A jar whose manifest runs the shim's ContractRouter on this test classpath: the test contract as a chaincode jar. */
    private static Path launcherJar(Path jar) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                urls.add(Path.of(entry).toUri().toString());
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.hyperledger.fabric.contract.ContractRouter");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static JsonNode connection(Path data) throws Exception {
        return new ObjectMapper().readTree(data.resolve("client/connection.json").toFile());
    }

    private static String endpoint(Path data) throws Exception {
        return connection(data).get("endpoint").asText();
    }

    private static String channel(Path data) throws Exception {
        return connection(data).get("channel").asText();
    }

    /** The admin identity, read back from the client files as a client application would. */
    private static SigningIdentity admin(Path data) throws Exception {
        JsonNode c = connection(data);
        Path dir = data.resolve("client");
        return new SigningIdentity(
                new FabricIdentity(c.get("mspId").asText(), Pem.certificate(Files.readString(dir.resolve(c.get("adminCert").asText())))),
                Pem.privateKey(Files.readString(dir.resolve(c.get("adminKey").asText()))));
    }
}
