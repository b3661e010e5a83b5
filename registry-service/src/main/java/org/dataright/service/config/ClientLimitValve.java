package org.dataright.service.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * What one client can hold of the service's request threads (each request that reads a body holds one
 * while the body arrives):
 *
 * <ul>
 * <li>at most {@code maxPerClient} requests in progress per client address (0: no limit); one more is
 * answered at once with {@code 429 TOO_MANY_REQUESTS}, naming the limit, and its connection is closed;
 * <li>a request body must arrive within {@code bodyTimeout} plus one second for each {@code minRate}
 * bytes received; a body that falls behind is cut off ({@code 408 REQUEST_TIMEOUT}, connection closed),
 * so one byte every few seconds — fast enough for the per-read timeout — cannot hold a thread for long;
 * <li>a body cut off or too large ({@code 413}) is not drained after the answer: the connection is closed
 * instead. The rest of a body the application refused without reading otherwise is drained by Tomcat (at most
 * {@code max-swallow-size}, each read within {@code connection-timeout}), because closing a connection under an
 * answer already sent makes a client that reuses it find it closed.
 * </ul>
 */
final class ClientLimitValve extends ValveBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxPerClient;
    private final long bodyTimeoutNanos;
    private final long minBytesPerSecond;
    private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

    ClientLimitValve(int maxPerClient, Duration bodyTimeout, long minBytesPerSecond) {
        super(true);
        this.maxPerClient = maxPerClient;
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String client = String.valueOf(request.getRemoteAddr());
        if (!enter(client)) {
            tooMany(client, request, response);
            return;
        }
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        InputBuffer body = coyote.getInputBuffer();
        coyote.setInputBuffer(new TimedBody(body, System.nanoTime()));
        try {
            getNext().invoke(request, response);
        } finally {
            coyote.setInputBuffer(body);
            leave(client);
            AtomicBoolean read = new AtomicBoolean();
            coyote.action(ActionCode.REQUEST_BODY_FULLY_READ, read);
            // A body cut off (408) or too large (413), not read to its end: Tomcat would drain the rest at whatever
            // pace the client sends it. Any other answer lets Tomcat drain what is left (at most max-swallow-size,
            // each read within connection-timeout) so the connection stays usable: closing it under an answer
            // already sent makes a client that reuses it find it closed.
            if (!read.get() && (response.getStatus() == HttpStatus.REQUEST_TIMEOUT.value()
                    || response.getStatus() == HttpStatus.PAYLOAD_TOO_LARGE.value())) {
                closeWithoutDraining(response);
            }
        }
    }

    /** The connection closes after the answer, the rest of the body unread. */
    private static void closeWithoutDraining(Response response) {
        if (!response.isCommitted()) {
            // Said in the answer, so that a client does not send its next request on a connection that is closing.
            response.setHeader("Connection", "close");
        }
        boolean written = !response.isError();
        response.getCoyoteResponse().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        if (written) {
            // Disabling the drain marks the response as failed; an answer the application wrote is no error to
            // report with an error page. An error sent with sendError (a 408) still gets its page.
            response.setErrorReported();
        }
    }

    private boolean enter(String client) {
        if (maxPerClient == 0) {
            return true;
        }
        AtomicBoolean admitted = new AtomicBoolean();
        inProgress.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            admitted.set(now < maxPerClient);
            return admitted.get() ? now + 1 : now;
        });
        return admitted.get();
    }

    private void leave(String client) {
        if (maxPerClient > 0) {
            inProgress.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    private void tooMany(String client, Request request, Response response) throws IOException {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        closeWithoutDraining(response);
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS",
                "this client (" + client + ") already has " + maxPerClient + " requests in progress, the most one address may"
                        + " have (registry.limits.max-requests-per-client); send the next when one has been answered");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        body.putAll(problem.getProperties());
        response.setHeader("Retry-After", "1");
        response.setHeader("Connection", "close");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
        response.finishResponse();
    }

    /** The request's body as the container reads it, cut off when it falls behind. */
    private final class TimedBody implements InputBuffer {
        private final InputBuffer body;
        private final long start;
        private long received;

        TimedBody(InputBuffer body, long start) {
            this.body = body;
            this.start = start;
        }

        @Override
        public int doRead(ApplicationBufferHandler handler) throws IOException {
            int n = body.doRead(handler);
            if (n > 0) {
                received += n;
            }
            long allowed = bodyTimeoutNanos + received * 1_000_000_000L / minBytesPerSecond;
            if (n >= 0 && System.nanoTime() - start > allowed) {
                throw new SlowBodyException(received, Duration.ofNanos(bodyTimeoutNanos), minBytesPerSecond);
            }
            return n;
        }

        @Override
        public int available() {
            return body.available();
        }
    }

    /**
     * A body that arrives too slowly. A {@link SocketTimeoutException}, so Tomcat answers 408 and closes
     * the connection, as for a read that times out.
     */
    static final class SlowBodyException extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        SlowBodyException(long received, Duration timeout, long minRate) {
            super("the request body arrived too slowly (" + received + " bytes so far): a body must arrive within "
                    + timeout.toSeconds() + " s plus 1 s for each " + minRate
                    + " bytes (registry.limits.body-timeout, registry.limits.body-min-rate)");
        }
    }
}
