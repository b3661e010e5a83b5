package org.dataright.cli.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dataright.evidence.log.SignedNote;
import org.dataright.evidence.witness.Witness;

/** The witness's HTTP endpoint: {@code POST <prefix>/add-checkpoint}, as c2sp.org/tlog-witness defines it. */
final class WitnessServer implements AutoCloseable {
    /** A checkpoint note plus 63 proof lines and the old size line. */
    static final int MAX_BODY = SignedNote.MAX_BYTES + 64 * 46;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    WitnessServer(Witness witness, InetSocketAddress address) throws IOException {
        server = HttpServer.create(address, 16);
        server.createContext("/add-checkpoint", exchange -> handle(witness, exchange));
        server.setExecutor(executor);
    }

    void start() {
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void handle(Witness witness, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, new Witness.Answer(405, "text/plain; charset=utf-8", "add-checkpoint takes a POST\n"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                reply(exchange, new Witness.Answer(413, "text/plain; charset=utf-8",
                        "an add-checkpoint request has at most " + MAX_BODY + " bytes\n"));
                return;
            }
            Witness.Answer answer;
            try {
                answer = witness.addCheckpoint(body);
            } catch (RuntimeException e) {
                // A store that cannot be read or written: refuse, and say why in the witness's log.
                System.err.println("witness: add-checkpoint failed: " + e);
                answer = new Witness.Answer(500, "text/plain; charset=utf-8", "the witness cannot record checkpoints: "
                        + e.getMessage() + "\n");
            }
            reply(exchange, answer);
        }
    }

    private static void reply(HttpExchange exchange, Witness.Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
