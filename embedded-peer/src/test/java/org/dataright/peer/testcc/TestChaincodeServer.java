package org.dataright.peer.testcc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Runs {@link TestContract} in this JVM as a chaincode-as-a-service server, as the shim runs any
 * contract when {@code CHAINCODE_SERVER_ADDRESS} is set: a {@link ContractRouter} behind the shim's
 * {@link NettyChaincodeServer}. One per test JVM (the shim keeps static state).
 */
public final class TestChaincodeServer {
    private static TestChaincodeServer instance;

    private final int port;

    private TestChaincodeServer(int port) {
        this.port = port;
    }

    public static synchronized TestChaincodeServer shared() throws IOException {
        if (instance == null) {
            int port = freePort();
            ChaincodeServerProperties props = new ChaincodeServerProperties();
            props.setServerAddress(new InetSocketAddress("127.0.0.1", port));
            ContractRouter router = new ContractRouter(new String[] {"--id", "testcc:1"});
            ChaincodeServer server = new NettyChaincodeServer(router, props);
            Thread thread = new Thread(() -> {
                try {
                    router.startRouterWithChaincodeServer(server);
                } catch (IOException e) {
                    throw new IllegalStateException("test chaincode server failed: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-chaincode-server");
            thread.setDaemon(true);
            thread.start();
            awaitListening(port, thread);
            instance = new TestChaincodeServer(port);
        }
        return instance;
    }

    /** The shim scans the whole classpath for contracts before it listens, which takes a while on a busy machine. */
    private static void awaitListening(int port, Thread thread) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                throw new IOException("test chaincode server stopped before it listened on port " + port);
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (ConnectException e) {
                sleep();
            }
        }
        throw new IOException("test chaincode server did not listen on port " + port + " within 3 minutes");
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the test chaincode server", e);
        }
    }

    public int port() {
        return port;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
