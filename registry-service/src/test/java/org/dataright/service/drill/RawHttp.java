package org.dataright.service.drill;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dataright.service.RegistryClient;

/**
 * HTTP/1.1 written byte for byte on a socket, so a test can send what a well-behaved client library
 * refuses to: raw {@code %00} and invalid UTF-8 in the address, control characters in headers, bodies
 * far over the limits. The answer is read while the request is still being written, because the
 * service may answer (413) and close the connection before a huge body is sent.
 */
final class RawHttp {
    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** An answer: status, headers (lower-case names) and the body, de-chunked. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        JsonNode json() {
            try {
                return RegistryClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + " " + contentType() + "): " + abbreviated(), e);
            }
        }

        String abbreviated() {
            String text = text();
            return text.length() > 600 ? text.substring(0, 600) + "…" : text;
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + abbreviated();
        }
    }

    /** A request builder: method, target exactly as written on the request line, headers, body. */
    static final class Request {
        private final String method;
        private final String target;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean chunked;

        Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Request json(String json) {
            return header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
        }

        Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /** Sends the body in chunks, without a length the service could check up front. */
        Request chunked() {
            this.chunked = true;
            return this;
        }

        byte[] head() {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\n").append("Connection: close\r\n");
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            // ISO-8859-1 keeps every char below 256 as one byte: tests put raw bytes in the head this way.
            return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    Response send(Request request) {
        return exchange(request.head(), request.body, request.chunked);
    }

    /** Writes {@code head} (request line and headers, as given) and {@code body}, and reads the answer. */
    Response exchange(byte[] head, byte[] body, boolean chunked) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> readAll(in));
            IOException writeFailure = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head);
                if (chunked) {
                    for (int at = 0; at < body.length; at += 65536) {
                        int n = Math.min(65536, body.length - at);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, at, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The service may refuse and close before the whole body is written; its answer decides.
                writeFailure = e;
            }
            byte[] raw = answer.get(60, TimeUnit.SECONDS);
            if (raw.length == 0) {
                AssertionError error = new AssertionError("the service closed the connection without an answer");
                if (writeFailure != null) {
                    error.initCause(writeFailure);
                }
                throw error;
            }
            return parse(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }

    /** Everything until the service closes; what arrived before a reset counts. */
    private static byte[] readAll(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (bytes.size() == 0) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes.toByteArray();
    }

    /** An answer as it came on the wire. */
    static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new AssertionError("not an HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].strip();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(n, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
