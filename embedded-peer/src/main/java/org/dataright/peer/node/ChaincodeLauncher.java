package org.dataright.peer.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.peer.chaincode.ChaincodeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chaincode jar run as a chaincode-as-a-service child process, the way Fabric's external builders
 * run one: {@code java -jar JAR} with {@code CHAINCODE_SERVER_ADDRESS} (where the chaincode listens)
 * and {@code CORE_CHAINCODE_ID_NAME} (its package id, {@code name:sha256-of-jar}) in its environment.
 * Its output goes to a log file.
 */
final class ChaincodeLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChaincodeLauncher.class);

    private final ChaincodeAddress address;
    private final Process process;
    private final Path log;

    private ChaincodeLauncher(ChaincodeAddress address, Process process, Path log) {
        this.address = address;
        this.process = process;
        this.log = log;
    }

    /** @param mspId the peer's organisation, which the chaincode's {@code getMspId()} reads from {@code CORE_PEER_LOCALMSPID} */
    static ChaincodeLauncher launch(String name, Path jar, Path logDir, String mspId) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("chaincode jar " + jar + " does not exist");
        }
        int port = freePort();
        ChaincodeAddress address = ChaincodeAddress.of(name, "127.0.0.1", port);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CHAINCODE_SERVER_ADDRESS", address.target());
        builder.environment().put("CORE_CHAINCODE_ID_NAME", name + ":" + sha256(jar));
        builder.environment().put("CORE_PEER_LOCALMSPID", mspId);
        builder.environment().put("CORE_PEER_TLS_ENABLED", "false");
        // The contract router logs every transaction with its arguments at INFO: ~1.5 kB of log and
        // a stack walk per act. Warnings and errors only, unless the operator asks for more.
        builder.environment().putIfAbsent("CORE_CHAINCODE_LOGGING_LEVEL", "WARNING");
        builder.environment().putIfAbsent("CORE_CHAINCODE_LOGGING_SHIM", "WARNING");
        Process process = builder.start();
        LOG.info("started chaincode {} from {} (pid {}) listening on {}; its output goes to {}",
                name, jar, process.pid(), address.target(), log);
        return new ChaincodeLauncher(address, process, log);
    }

    ChaincodeAddress address() {
        return address;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, when the process has ended. */
    int exitValue() {
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = BlockHashes.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Stops the chaincode: a polite signal, then a kill after five seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
