package org.dataright.service.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.pdf.CertificateSummary;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.Uploads;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/certificates} (issue, idempotent), {@code GET /api/certificates/{id}} (JSON or PDF),
 * {@code GET /api/certificates?transactionId=} and {@code POST /api/verify} (multipart upload). Issuing and
 * getting take {@code proof=compact} (the default) or {@code proof=full-block}.
 */
@RestController
class CertificateController {
    private static final MediaType PDF = MediaType.APPLICATION_PDF;

    private final CertificateService certificates;

    /** {@code assetId} names the data asset when the transaction registered a batch of them (else it may be omitted). */
    record IssueRequest(@NotBlank String transactionId, String assetId) {
    }

    CertificateController(CertificateService certificates) {
        this.certificates = certificates;
    }

    @PostMapping(path = "/api/certificates", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> issue(@RequestBody @Validated IssueRequest request, @RequestParam(required = false) String proof) {
        CertificateService.Issued issued = certificates.issue(request.transactionId(), request.assetId(),
                CertificateService.Proof.parse(proof));
        return ResponseEntity.status(issued.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .header(HttpHeaders.LOCATION, "/api/certificates/" + issued.certificate().id())
                .contentType(MediaType.APPLICATION_JSON)
                .body(issued.certificate().toJson());
    }

    @GetMapping(path = "/api/certificates", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> forTransaction(@RequestParam String transactionId, @RequestParam(required = false) String proof) {
        CertificateService.Proof form = CertificateService.Proof.parse(proof);
        EvidenceCertificate certificate = certificates.forTransaction(transactionId);
        return json(form == CertificateService.Proof.COMPACT ? certificate : certificates.get(certificate.id(), form));
    }

    /** JSON unless {@code format=pdf}, or the Accept header asks for PDF and not for JSON. */
    @GetMapping(path = "/api/certificates/{id}")
    ResponseEntity<byte[]> get(@PathVariable String id, @RequestParam(required = false) String format,
            @RequestParam(required = false) String proof,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        boolean pdf;
        if (format != null) {
            pdf = switch (format.toLowerCase(Locale.ROOT)) {
                case "pdf" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("FORMAT_UNKNOWN", "format must be json or pdf, not '" + format + "'");
            };
        } else {
            String wanted = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
            pdf = wanted.contains(PDF.toString()) && !wanted.contains("json");
        }
        EvidenceCertificate certificate = certificates.get(id.toLowerCase(Locale.ROOT), CertificateService.Proof.parse(proof));
        if (pdf) {
            return ResponseEntity.ok().contentType(PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("certificate-" + certificate.id() + ".pdf").build().toString())
                    .body(certificates.pdf(certificate));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(certificate.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The verifier's result, and {@code certified}: what the certificate states in plain words, as its PDF
     * page does ({@code statementZh}, {@code statementEn}, {@code particulars} of {@code zh}, {@code en},
     * {@code value}), or null when the upload is not a readable certificate.
     */
    @PostMapping(path = "/api/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> verify(@RequestPart("certificate") MultipartFile certificate,
            @RequestParam(required = false) String sha256, @RequestParam(required = false) String sm3,
            @RequestParam(required = false) String manifestRoot, HttpServletRequest request) {
        Uploads.requireParts(request, "certificate", "sha256", "sm3", "manifestRoot");
        byte[] bytes;
        try {
            bytes = certificate.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded certificate: " + e.getMessage(), e);
        }
        CertificateService.Verification verification = certificates.verify(bytes, sha256, sm3, manifestRoot);
        ObjectNode body;
        try {
            body = (ObjectNode) StrictJson.MAPPER.readTree(verification.result().toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the verifier's own JSON does not parse: " + e.getOriginalMessage(), e);
        }
        CertificateSummary summary = verification.certified();
        if (summary == null) {
            body.putNull("certified");
        } else {
            ObjectNode certified = body.putObject("certified");
            certified.put("statementZh", summary.statementZh());
            certified.put("statementEn", summary.statementEn());
            ArrayNode particulars = certified.putArray("particulars");
            for (CertificateSummary.Field f : summary.particulars()) {
                particulars.addObject().put("zh", f.zh()).put("en", f.en()).put("value", f.value());
            }
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(StrictJson.pretty(body));
    }

    private static ResponseEntity<String> json(EvidenceCertificate certificate) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(certificate.toJson());
    }
}
