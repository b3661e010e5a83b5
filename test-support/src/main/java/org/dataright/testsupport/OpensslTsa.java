package org.dataright.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An RFC 3161 time-stamp authority for tests that nobody here wrote: {@code openssl ts -reply} behind a
 * loopback HTTP endpoint ({@code POST /tsa}, {@code application/timestamp-query} in,
 * {@code application/timestamp-reply} out). It makes its own CA and TSA certificates with {@code openssl}
 * on start, and a second, unrelated CA and TSA ("the stranger") to sign with when asked to be untrusted.
 * The {@link Mode} says how it answers, so a test can make it fail in each way a real TSA can.
 */
public final class OpensslTsa implements AutoCloseable {
    private static final long OPENSSL_TIMEOUT_SECONDS = 60;
    private static final byte[] SHA256_OID = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};

    /** How the TSA answers. */
    public enum Mode {
        /** A granted reply from the trusted TSA. */
        GRANTED,
        /** HTTP 503: the TSA is down for maintenance. */
        UNAVAILABLE,
        /** HTTP 200 with bytes that are no time-stamp reply. */
        GARBAGE,
        /** A granted, well-signed reply that stamps another imprint than the one asked for. */
        WRONG_IMPRINT,
        /** A granted reply signed by a TSA whose CA the service was not told to trust. */
        UNTRUSTED_SIGNER
    }

    private final Path dir;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.GRANTED;
    private HttpServer server;
    private int port;

    private OpensslTsa(Path dir) {
        this.dir = dir;
    }

    /** Makes the certificates in {@code dir} and starts listening on a free loopback port. */
    public static OpensslTsa start(Path dir) throws IOException {
        OpensslTsa tsa = new OpensslTsa(dir);
        Files.createDirectories(dir);
        tsa.makeAuthority("trusted", "Test TSA Root CA", "Test Time-Stamp Authority");
        tsa.makeAuthority("stranger", "Stranger Root CA", "Stranger Time-Stamp Authority");
        tsa.listen(0);
        return tsa;
    }

    /** The endpoint a client posts its queries to. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/tsa");
    }

    /** The PEM root certificate of the trusted TSA (what a service is configured to trust). */
    public Path rootCertificate() {
        return dir.resolve("trusted").resolve("ca.pem");
    }

    /** The PEM certificate of the trusted TSA's signing key. */
    public Path tsaCertificate() {
        return dir.resolve("trusted").resolve("tsa.pem");
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** How many queries reached the endpoint so far. */
    public int requests() {
        return requests.get();
    }

    /** Stops listening: a client now gets "connection refused". */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the port it had. */
    public synchronized void restart() throws IOException {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void listen(int wanted) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 0);
        server.createContext("/tsa", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] query;
            try (InputStream in = exchange.getRequestBody()) {
                query = in.readAllBytes();
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"application/timestamp-query".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                respond(exchange, 400, "text/plain", "POST an application/timestamp-query\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Mode now = mode;
            switch (now) {
                case UNAVAILABLE -> respond(exchange, 503, "text/plain", "down for maintenance\n".getBytes(StandardCharsets.UTF_8));
                case GARBAGE -> respond(exchange, 200, "application/timestamp-reply",
                        "<html>this is no time-stamp reply</html>".getBytes(StandardCharsets.UTF_8));
                case GRANTED -> respond(exchange, 200, "application/timestamp-reply", reply("trusted", query));
                case WRONG_IMPRINT -> respond(exchange, 200, "application/timestamp-reply", reply("trusted", otherImprint(query)));
                case UNTRUSTED_SIGNER -> respond(exchange, 200, "application/timestamp-reply", reply("stranger", query));
                default -> throw new IllegalStateException("unknown mode " + now);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** openssl's reply to a query; one at a time, as openssl keeps its serial number in a file. */
    private synchronized byte[] reply(String authority, byte[] query) throws IOException {
        Path home = dir.resolve(authority);
        Path queryFile = Files.createTempFile(home, "query", ".tsq");
        Path replyFile = home.resolve("reply.tsr");
        try {
            Files.write(queryFile, query);
            Files.deleteIfExists(replyFile);
            openssl(home, "ts", "-reply", "-config", "tsa.cnf", "-queryfile", queryFile.toString(), "-out", replyFile.toString());
            return Files.readAllBytes(replyFile);
        } finally {
            Files.deleteIfExists(queryFile);
        }
    }

    /** The same query (nonce and all) asking for another SHA-256 imprint: its last byte flipped. */
    private static byte[] otherImprint(byte[] query) {
        byte[] changed = query.clone();
        for (int i = 0; i + SHA256_OID.length < changed.length; i++) {
            if (matches(changed, i, SHA256_OID)) {
                for (int j = i + SHA256_OID.length; j + 1 < changed.length; j++) {
                    if (changed[j] == 0x04 && changed[j + 1] == 0x20 && j + 2 + 32 <= changed.length) {
                        changed[j + 2 + 31] ^= 0x01;
                        return changed;
                    }
                }
            }
        }
        throw new IllegalArgumentException("the query holds no SHA-256 imprint");
    }

    private static boolean matches(byte[] bytes, int at, byte[] wanted) {
        for (int k = 0; k < wanted.length; k++) {
            if (bytes[at + k] != wanted[k]) {
                return false;
            }
        }
        return true;
    }

    /** A P-256 root CA and a TSA certificate it issued (critical timeStamping key usage), and openssl's TSA config. */
    private void makeAuthority(String name, String rootName, String tsaName) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home);
        openssl(home, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "3650", "-subj", "/O=Test/CN=" + rootName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(home, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key",
                "-out", "tsa.csr", "-subj", "/O=Test/CN=" + tsaName);
        Files.writeString(home.resolve("tsa-ext.cnf"), String.join("\n",
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=critical,timeStamping",
                "subjectKeyIdentifier=hash",
                "authorityKeyIdentifier=keyid",
                ""));
        openssl(home, "x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "2",
                "-days", "3650", "-extfile", "tsa-ext.cnf", "-out", "tsa.pem");
        Files.writeString(home.resolve("serial"), "01\n");
        Files.writeString(home.resolve("tsa.cnf"), String.join("\n",
                "[ tsa ]",
                "default_tsa = tsa_config",
                "[ tsa_config ]",
                "dir = " + home.toAbsolutePath(),
                "serial = $dir/serial",
                "crypto_device = builtin",
                "signer_cert = $dir/tsa.pem",
                "certs = $dir/ca.pem",
                "signer_key = $dir/tsa.key",
                "signer_digest = sha256",
                "default_policy = 1.3.6.1.4.1.99999.1",
                "digests = sha256, sha384, sha512",
                "accuracy = secs:1",
                "ordering = yes",
                "tsa_name = yes",
                "ess_cert_id_chain = no",
                "ess_cert_id_alg = sha256",
                ""));
    }

    private static void openssl(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "openssl", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl " + args[0] + " did not finish in " + OPENSSL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while openssl " + args[0] + " ran", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
