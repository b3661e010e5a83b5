package org.dataright.service.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Answers the errors Tomcat raises itself, before any servlet runs — an address it cannot decode
 * ({@code %00}, invalid UTF-8), a request line or headers over the size limit — with a problem, like
 * every other error, instead of Tomcat's HTML page. {@link WebConfiguration} makes it the host's
 * error report valve; errors inside the application are already problems and are left alone.
 */
public final class ProblemReportValve extends ErrorReportValve {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own report: only errors, only when nothing was written, only once.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        String reason = response.getMessage();
        String detail = ProblemDetailsAdvice.detailOf(code) + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        ProblemDetail problem = ProblemDetailsAdvice.problem(code, ProblemDetailsAdvice.codeOf(code), detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", status);
        body.put("detail", problem.getDetail());
        body.putAll(problem.getProperties());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was taken over: there is no one left to tell.
            containerLog.debug("cannot write the problem for status " + status, e);
        }
    }
}
