package org.dataright.service.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.JsonProblems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/enrollment/tokens} (signed by a registrar) and {@code POST /api/enrollment}. */
@RestController
class EnrollmentController {
    private final ObjectProvider<EnrollmentService> service;
    private final ObjectProvider<SignedRequests> signedRequests;
    private final ObjectMapper json;
    private final Validator validator;

    record TokenRequest(
            @NotBlank String role,
            @NotBlank @Size(max = 200) String name,
            @Min(1) @Max(720) int validHours,
            boolean renewal) {
    }

    record TokenResponse(String token, String role, String name, Instant expiresAt) {
    }

    record EnrollmentRequest(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 16384) String csr) {
    }

    EnrollmentController(ObjectProvider<EnrollmentService> service, ObjectProvider<SignedRequests> signedRequests,
            ObjectMapper json, Validator validator) {
        this.service = service;
        this.signedRequests = signedRequests;
        this.json = json;
        this.validator = validator;
    }

    /** The body is taken as bytes because the caller signed exactly these bytes. */
    @PostMapping(path = "/api/enrollment/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    TokenResponse issueToken(HttpServletRequest request,
            @RequestHeader(name = SignedRequests.CERTIFICATE_HEADER, required = false) String certificate,
            @RequestHeader(name = SignedRequests.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = SignedRequests.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        EnrollmentService enrollment = available();
        byte[] bytes = body == null ? new byte[0] : body;
        SignedRequests.Caller caller = signedRequests.getObject().verify(request.getMethod(), request.getRequestURI(),
                certificate, timestamp, signature, bytes, RegistryCa.REGISTRAR_ROLE);
        TokenRequest token = read(bytes, TokenRequest.class);
        EnrollmentTokens.Issued issued = enrollment.issueToken(token.role(), token.name(), token.validHours(), token.renewal(),
                caller.party());
        return new TokenResponse(issued.token(), issued.role(), issued.name(), issued.expiresAt());
    }

    @PostMapping(path = "/api/enrollment", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    EnrollmentService.Enrolled enroll(@RequestBody @Validated EnrollmentRequest request) {
        return available().enroll(request.token(), request.csr());
    }

    private EnrollmentService available() {
        EnrollmentService enrollment = service.getIfAvailable();
        if (enrollment == null) {
            throw ApiException.notFound("ENROLLMENT_NOT_AVAILABLE",
                    "this registry runs in fabric mode: participants enrol with their organisation's Fabric CA");
        }
        return enrollment;
    }

    private <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw JsonProblems.empty();
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (IOException e) {
            throw JsonProblems.malformed(e);
        }
        if (value == null) {
            throw JsonProblems.empty();
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest("INVALID_REQUEST", violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        return value;
    }
}
