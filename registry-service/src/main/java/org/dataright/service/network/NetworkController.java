package org.dataright.service.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.Locale;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.trust.TrustBundleFingerprint;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.ledger.client.Qscc;
import org.dataright.service.certificate.TrustBundles;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.ledger.GatewayTarget;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/network}: what a client needs to connect and to verify (the trust bundle);
 * {@code GET /api/trust-bundle}: the trust bundle alone, with its fingerprint; {@code GET /api/ledger}: the
 * chain's height and head.
 */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class NetworkController {
    /** The header that carries the trust bundle's SHA-256 fingerprint (64 hex digits). */
    static final String FINGERPRINT_HEADER = "Trust-Bundle-SHA256";

    private final GatewayTarget target;
    private final Qscc qscc;
    private final RegistryProperties properties;
    private final TrustBundles trustBundles;
    private final ObjectMapper json;

    record ChainInfo(long height, String currentBlockHash, String previousBlockHash) {
    }

    NetworkController(GatewayTarget target, Qscc qscc, RegistryProperties properties, TrustBundles trustBundles,
            ObjectMapper json) {
        this.target = target;
        this.qscc = qscc;
        this.properties = properties;
        this.trustBundles = trustBundles;
        this.json = json;
    }

    @GetMapping("/network")
    NetworkDescription network() throws JsonProcessingException {
        return new NetworkDescription(properties.mode().name().toLowerCase(Locale.ROOT), properties.channel(),
                properties.chaincodeName(), target.endpoint().target(), target.identity().mspId(),
                target.endpoint().tlsRootPem(), target.caRootCertificates(), json.readTree(trustBundles.current().toJson()));
    }

    /**
     * The trust bundle alone, in its stable file form, with its SHA-256 fingerprint in a header (the same a
     * court gets from {@code dpr trust show} and compares with the one the operator publishes out of band).
     */
    @GetMapping("/trust-bundle")
    ResponseEntity<String> trustBundle() {
        TrustBundle bundle = trustBundles.current();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(FINGERPRINT_HEADER, TrustBundleFingerprint.hex(bundle))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"trust-bundle.json\"")
                .body(bundle.toJson());
    }

    @GetMapping("/ledger")
    ChainInfo ledger() {
        BlockchainInfo info = qscc.chainInfo();
        HexFormat hex = HexFormat.of();
        return new ChainInfo(info.getHeight(), hex.formatHex(info.getCurrentBlockHash().toByteArray()),
                hex.formatHex(info.getPreviousBlockHash().toByteArray()));
    }
}
