package org.dataright.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/** The rights contract behind the shim's chaincode-as-a-service server, in the test JVM, for an embedded peer to dial. */
public final class RightsChaincodeServer {
    private RightsChaincodeServer() {
    }

    /** Starts the server on {@code port} of the loopback address and returns once it listens. */
    public static void start(int port) throws IOException, InterruptedException {
        ChaincodeServerProperties properties = new ChaincodeServerProperties();
        properties.setServerAddress(new InetSocketAddress("127.0.0.1", port));
        // The shim's default (5 s) makes the server end the peer's connection mid-test on a busy machine.
        properties.setMaxConnectionAgeSeconds((int) TimeUnit.HOURS.toSeconds(1));
        ContractRouter router = new ContractRouter(new String[] {"--id", "rights:1"});
        ChaincodeServer server = new NettyChaincodeServer(router, properties);
        Thread thread = new Thread(() -> {
            try {
                router.startRouterWithChaincodeServer(server);
            } catch (IOException e) {
                throw new IllegalStateException("the rights chaincode server failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rights-chaincode-server");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && thread.isAlive()) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (ConnectException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("the rights chaincode server did not listen on port " + port);
    }
}
