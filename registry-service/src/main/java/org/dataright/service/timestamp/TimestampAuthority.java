package org.dataright.service.timestamp;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * The HTTP client of an RFC 3161 time-stamp authority (RFC 3161 section 3.4): one
 * {@code application/timestamp-query} for a SHA-256 imprint, with a fresh 64-bit nonce and {@code certReq}
 * (so the token carries its signer's certificate), and the reply checked against the query: granted, a
 * token for this imprint, this nonce, with the signer's certificate. Whether the signer is trusted is the
 * verifier's question ({@link TimestampStamper}).
 */
public final class TimestampAuthority {
    private static final int SHA256_BYTES = 32;
    private static final int MAX_REPLY_BYTES = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public TimestampAuthority(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI url() {
        return url;
    }

    /** A DER {@code TimeStampToken} over {@code sha256}, checked against the query. */
    public byte[] stamp(byte[] sha256) throws TimestampException {
        if (sha256.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 imprint has 32 bytes, not " + sha256.length);
        }
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest query = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(64, RANDOM));
        byte[] reply = post(encoded(query));
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(reply);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimestampException("the reply of " + url + " is not an RFC 3161 time-stamp response: " + e.getMessage(), e);
        }
        if (response.getTimeStampToken() == null) {
            throw new TimestampException(url + " granted no token: status " + response.getStatus()
                    + (response.getStatusString() == null ? "" : " (" + response.getStatusString() + ")")
                    + (response.getFailInfo() == null ? "" : ", failure info " + response.getFailInfo().intValue()));
        }
        try {
            // Status granted, a token for this imprint and nonce, carrying its signer's certificate (certReq).
            response.validate(query);
            return response.getTimeStampToken().getEncoded();
        } catch (TSPException | IOException e) {
            throw new TimestampException("the token of " + url + " does not answer the query: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(TimeStampRequest query) {
        try {
            return query.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("a time-stamp query cannot be encoded: " + e.getMessage(), e);
        }
    }

    private byte[] post(byte[] query) throws TimestampException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/timestamp-query")
                .header("Accept", "application/timestamp-reply")
                .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new TimestampException(url + " answered HTTP " + response.statusCode());
                }
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.toLowerCase(Locale.ROOT).startsWith("application/timestamp-reply")) {
                    throw new TimestampException(url + " answered with content type '" + type
                            + "', not application/timestamp-reply");
                }
                byte[] reply = body.readNBytes(MAX_REPLY_BYTES + 1);
                if (reply.length > MAX_REPLY_BYTES) {
                    throw new TimestampException(url + " answered more than " + MAX_REPLY_BYTES + " bytes; a reply is smaller");
                }
                return reply;
            }
        } catch (java.net.ConnectException e) {
            throw new TimestampException(url + " cannot be reached: the connection was refused", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new TimestampException(url + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new TimestampException(url + " cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampException("interrupted while waiting for " + url, e);
        }
    }
}
