package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runnable chaincode starts as a chaincode-as-a-service server: {@code ContractRouter} with
 * CHAINCODE_SERVER_ADDRESS and CORE_CHAINCODE_ID_NAME listens on the address and has found the
 * {@code rights} contract.
 */
class ChaincodeServerTest {
    /** Bounded: the router scans the whole class path for contracts, which is slow on a busy 2-core machine. */
    private static final long STARTUP_MILLIS = 60_000;
    /** Test-only artifacts: not part of the runnable chaincode, and only slow the router's class path scan. */
    private static final List<String> TEST_ONLY = List.of("/test-classes", "/org/mockito/", "/net/bytebuddy/",
            "/org/objenesis/", "/org/assertj/", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/");

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void startsAsAChaincodeServerWithTheRightsContract() throws Exception {
        int port = freePort();
        String classpath = classpath();
        ProcessBuilder builder = new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, "org.hyperledger.fabric.contract.ContractRouter")
                .redirectErrorStream(true);
        builder.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        builder.environment().put("CORE_CHAINCODE_ID_NAME", "rights:1.0");
        builder.environment().put("CORE_CHAINCODE_LOGGING_LEVEL", "INFO");
        builder.environment().put("CORE_CHAINCODE_LOGGING_SHIM", "INFO");
        builder.environment().remove("CORE_PEER_TLS_ENABLED");
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("[output closed: ").append(e.getMessage()).append("]\n");
            }
        }, "chaincode-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean listening = false;
            long deadline = System.currentTimeMillis() + STARTUP_MILLIS;
            while (!listening && process.isAlive() && System.currentTimeMillis() < deadline) {
                listening = accepts(port);
                if (!listening) {
                    Thread.sleep(200);
                }
            }
            assertThat(listening).as("the chaincode server listens on 127.0.0.1:%d; output:%n%s", port, output)
                    .isTrue();
            // The router logs the contract metadata before it starts the server.
            assertThat(output.toString()).as("router output").contains("Metadata follows")
                    .contains("\"rights\"").contains("registerAsset").contains("getRightsByHolder")
                    .contains("Starting chaincode as server");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The test JVM's class path, less test-only artifacts. Surefire may run tests from a manifest-only
     * jar; its real class path is then in {@code surefire.test.class.path}.
     */
    private static String classpath() {
        String cp = System.getProperty("java.class.path");
        String surefire = System.getProperty("surefire.test.class.path");
        if (!cp.contains(java.io.File.pathSeparator) && cp.contains("surefirebooter") && surefire != null) {
            cp = surefire;
        }
        StringBuilder kept = new StringBuilder();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (TEST_ONLY.stream().noneMatch(path::contains)) {
                kept.append(kept.length() == 0 ? "" : java.io.File.pathSeparator).append(entry);
            }
        }
        assertThat(kept.toString()).contains("fabric-chaincode-shim").contains("classes");
        return kept.toString();
    }
}
