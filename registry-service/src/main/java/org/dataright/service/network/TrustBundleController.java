package org.dataright.service.network;

import java.nio.charset.StandardCharsets;
import org.dataright.service.certificate.TrustBundles;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/trust-bundle}: the trust bundle file itself, byte for byte the file a verifier keeps, so
 * that its SHA-256 fingerprint can be compared with one published out of band.
 */
@RestController
class TrustBundleController {
    private final TrustBundles trustBundles;

    TrustBundleController(TrustBundles trustBundles) {
        this.trustBundles = trustBundles;
    }

    @GetMapping(path = "/api/trust-bundle", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> trustBundle() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("trust-bundle.json").build().toString())
                .body(trustBundles.current().toJson().getBytes(StandardCharsets.UTF_8));
    }
}
