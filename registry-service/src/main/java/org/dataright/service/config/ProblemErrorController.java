package org.dataright.service.config;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.SocketTimeoutException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by the servlet container, such as an over-long request, or by a
 * filter) are forwarded to {@code /error}; this answers them with a problem too, so every error the
 * service returns is a problem.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Asked for directly, /error is an address like any other, with nothing at it.
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND : code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = ProblemDetailsAdvice.detailOf(status);
        // A body that stopped arriving: the application may have answered its read error with another status.
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (Throwable t = error instanceof Throwable e ? e : null; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException timeout) {
                status = HttpStatus.REQUEST_TIMEOUT;
                detail = t instanceof ClientLimitValve.SlowBodyException ? timeout.getMessage()
                        : ProblemDetailsAdvice.detailOf(status);
                break;
            }
        }
        ProblemDetail problem = ProblemDetailsAdvice.problem(status, ProblemDetailsAdvice.codeOf(status), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setInstance(java.net.URI.create(path.replace(" ", "%20")));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
