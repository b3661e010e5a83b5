package org.dataright.peer.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.dataright.peer.chaincode.ChaincodeAddress;

/**
 * {@code java -jar embedded-peer.jar --data DIR [options]}: runs a one-node Fabric network until it
 * is stopped (Ctrl-C / SIGTERM), after writing what a client needs to {@code DIR/client}.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar embedded-peer.jar --data DIR [options]",
            "  --data DIR                    ledger, identities (DIR/crypto), logs and client files (DIR/client)",
            "  --port N                      port to listen on (default 7051; 0 = any free port)",
            "  --host H                      address to listen on (default 127.0.0.1)",
            "  --channel NAME                channel name (default registry)",
            "  --chaincode NAME=HOST:PORT    a chaincode-as-a-service server to use (repeatable)",
            "  --chaincode-jar [NAME=]PATH   a chaincode jar to launch as a chaincode-as-a-service process",
            "                                (repeatable; NAME defaults to the jar's file name without .jar)",
            "  --msp-id ID                   the peer's organisation (default RegistryMSP)",
            "  --orderer-msp-id ID           the orderer's organisation (default OrdererMSP)",
            "  --tls-cert PEM --tls-key PEM  serve TLS with this certificate chain and PKCS#8 key",
            "  --batch-size N                most transactions in a block (default " + PeerConfig.DEFAULT_BATCH_SIZE + ")",
            "  --batch-timeout-ms N          longest wait before a block is cut (default " + PeerConfig.DEFAULT_BATCH_TIMEOUT_MS + ")",
            "  --proposal-time-window-s N    how far a proposal's timestamp may be from the peer's clock (default "
                    + PeerConfig.DEFAULT_PROPOSAL_TIME_WINDOW_S + ")",
            "  --deliver-streams-per-client N  Deliver streams one client address may have open (default "
                    + PeerConfig.DEFAULT_DELIVER_STREAMS_PER_CLIENT + ")");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPeer peer;
        try {
            peer = start(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("cannot start the embedded peer: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            peer.close();
            stopped.countDown();
        }, "embedded-peer-shutdown"));
        stopped.await();
    }

    /** Parses the arguments, starts the peer, writes the client files and says where; the caller closes the peer. */
    static EmbeddedPeer start(String[] args, PrintStream out) throws IOException {
        PeerConfig config = parse(args);
        EmbeddedPeer peer = EmbeddedPeer.start(config);
        try {
            Path bundle = ClientBundle.write(peer);
            out.println("embedded peer listening on " + peer.endpoint() + " (channel " + peer.channelId()
                    + ", MSP " + config.mspId() + ", orderer MSP " + config.ordererMspId() + ")");
            out.println("client files (connection.json, CA roots, admin identity) are in " + bundle.toAbsolutePath());
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    static PeerConfig parse(String[] args) {
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data")) {
                data = Path.of(value(args, i));
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        PeerConfig.Builder b = PeerConfig.builder(data);
        String tlsCert = null;
        String tlsKey = null;
        int batchSize = PeerConfig.DEFAULT_BATCH_SIZE;
        long batchTimeoutMs = PeerConfig.DEFAULT_BATCH_TIMEOUT_MS;
        String mspId = PeerConfig.DEFAULT_MSP_ID;
        String ordererMspId = PeerConfig.DEFAULT_ORDERER_MSP_ID;
        for (int i = 0; i < args.length; i += 2) {
            String v = value(args, i);
            switch (args[i]) {
                case "--data":
                    break;
                case "--port":
                    b.port(number(args[i], v));
                    break;
                case "--host":
                    b.host(v);
                    break;
                case "--channel":
                    b.channel(v);
                    break;
                case "--chaincode":
                    b.chaincode(ChaincodeAddress.parse(v));
                    break;
                case "--chaincode-jar": {
                    int eq = v.indexOf('=');
                    Path jar = Path.of(eq < 0 ? v : v.substring(eq + 1));
                    String name = eq < 0 ? jar.getFileName().toString().replaceFirst("\\.jar$", "") : v.substring(0, eq);
                    b.chaincodeJar(name, jar);
                    break;
                }
                case "--msp-id":
                    mspId = v;
                    break;
                case "--orderer-msp-id":
                    ordererMspId = v;
                    break;
                case "--tls-cert":
                    tlsCert = v;
                    break;
                case "--tls-key":
                    tlsKey = v;
                    break;
                case "--batch-size":
                    batchSize = number(args[i], v);
                    break;
                case "--batch-timeout-ms":
                    batchTimeoutMs = number(args[i], v);
                    break;
                case "--proposal-time-window-s":
                    b.proposalTimeWindow(Duration.ofSeconds(number(args[i], v)));
                    break;
                case "--deliver-streams-per-client":
                    b.deliverStreamsPerClient(number(args[i], v));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.mspIds(mspId, ordererMspId).blockCutting(batchSize, Duration.ofMillis(batchTimeoutMs));
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            b.tls(Path.of(tlsCert), Path.of(tlsKey));
        }
        return b.build();
    }

    private static String value(String[] args, int i) {
        if (!args[i].startsWith("--")) {
            throw new IllegalArgumentException("expected an option, found '" + args[i] + "'");
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'", e);
        }
    }
}
