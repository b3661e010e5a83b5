package org.dataright.service.config;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import org.dataright.ledger.client.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place errors become RFC 9457 problem details. Every problem carries a stable {@code code}:
 * the domain's own ({@link ApiException}), the ledger's ({@link LedgerProblems}) or one named here for the
 * framework's errors.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException e, WebRequest request) {
        ProblemDetail body = problem(e.status(), e.code(), e.getMessage());
        return handleExceptionInternal(e, body, new HttpHeaders(), e.status(), request);
    }

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<Object> handleLedger(LedgerException e, WebRequest request) {
        return handleApi(LedgerProblems.of(e), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e, WebRequest request) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail);
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        log.error("unexpected error on {}", request.getDescription(false), e);
        ProblemDetail body = problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the service failed to answer this request; the error is logged");
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JsonBodyLimitFilter.BodyTooLargeException) {
                ProblemDetail body = problem(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", t.getMessage());
                return handleExceptionInternal(ex, body, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
            }
        }
        // Spring reports a missing body without a cause, and names the controller method in its message.
        ApiException problem = ex.getCause() == null ? JsonProblems.empty() : JsonProblems.malformed(ex.getCause());
        ProblemDetail body = problem(problem.status(), problem.code(), problem.getMessage());
        return handleExceptionInternal(ex, body, headers, problem.status(), request);
    }

    /** A multipart body Tomcat cannot parse (no boundary, cut short); too large is {@link MaxUploadSizeExceededException}. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMultipart(MultipartException e, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "the request body is not the multipart "
                + "upload this endpoint expects" + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** A query parameter or path variable that does not convert: its name, what it must be, and what came. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        Class<?> type = ex.getRequiredType();
        String expected = type == Instant.class ? "an ISO-8601 instant such as 2025-01-31T00:00:00Z"
                : type == int.class || type == long.class || type == Integer.class || type == Long.class ? "a whole number"
                : type == boolean.class || type == Boolean.class ? "true or false"
                : "a " + (type == null ? "value" : type.getSimpleName());
        String value = String.valueOf(ex.getValue());
        String name = ex.getPropertyName() == null ? "a parameter" : ex.getPropertyName();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER", name + " must be " + expected + ", not '"
                + (value.length() > 100 ? value.substring(0, 100) + "…" : value) + "'");
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail.isEmpty() ? "the request is invalid" : detail);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> r.getMethodParameter().getParameterName() + " " + err.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", detail.isEmpty() ? "the request is invalid" : detail);
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse response) {
            body = response.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && (problem.getProperties() == null
                || !problem.getProperties().containsKey("code"))) {
            String code = codeOf(ex, statusCode);
            problem.setProperty("code", code);
            problem.setType(typeOf(code));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** The code of the framework's own errors. */
    static String codeOf(Exception ex, HttpStatusCode status) {
        if (ex instanceof MaxUploadSizeExceededException) {
            return "PAYLOAD_TOO_LARGE";
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return "UNSUPPORTED_MEDIA_TYPE";
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return "NOT_ACCEPTABLE";
        }
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return "METHOD_NOT_ALLOWED";
        }
        if (ex instanceof NoResourceFoundException) {
            return "NOT_FOUND";
        }
        if (ex instanceof MissingServletRequestParameterException || ex instanceof MissingServletRequestPartException) {
            return "MISSING_PARAMETER";
        }
        if (ex instanceof MethodArgumentTypeMismatchException) {
            return "INVALID_PARAMETER";
        }
        return codeOf(status);
    }

    /** A code for a bare status, used where no exception says more. */
    public static String codeOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "HTTP_" + status.value();
        }
        return switch (known) {
            case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case NOT_FOUND -> "NOT_FOUND";
            case BAD_REQUEST -> "BAD_REQUEST";
            case INTERNAL_SERVER_ERROR -> "INTERNAL_ERROR";
            default -> known.name().toUpperCase(Locale.ROOT);
        };
    }

    /** What a bare status means, for errors that carry nothing more specific. */
    static String detailOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null) {
            return "the service answered HTTP " + status.value();
        }
        return switch (known) {
            case PAYLOAD_TOO_LARGE -> "the request body is larger than this service accepts";
            case NOT_FOUND -> "there is nothing at this address";
            case REQUEST_TIMEOUT -> "the request did not arrive in time: the service waits at most server.tomcat.connection-timeout"
                    + " for each part of it";
            case BAD_REQUEST -> "the request is malformed, or its address or headers are too long";
            default -> known.getReasonPhrase();
        };
    }

    /** A problem with the code and a type URI naming it. */
    public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeOf(code));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known == null ? "HTTP " + status.value() : known.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    private static URI typeOf(String code) {
        return URI.create("urn:dataright:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static String describe(FieldError error) {
        return error.getField() + " " + error.getDefaultMessage();
    }
}
