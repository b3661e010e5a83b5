package org.dataright.service.certificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.Qscc;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.log.TransparencyLogs;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The trust bundle of the running network, as verifiers keep it: the organisations, their CA roots and
 * the endorsement policy read from the channel's configuration block (block 0, through {@code qscc}), the
 * chaincode name, the registry's issuer roots and the configured time-stamp authority roots, built once on
 * first use; and, while the transparency log runs, its tlog policy: its key and URL
 * ({@code <public base URL>/tlog/}), its witnesses and their quorum.
 */
@Component
public class TrustBundles {
    private final Qscc qscc;
    private final Issuer issuer;
    private final RegistryProperties properties;
    private final TransparencyLogs logs;
    private final List<X509Certificate> timestampRoots;
    private volatile TrustBundle bundle;

    TrustBundles(Qscc qscc, Issuer issuer, RegistryProperties properties, TransparencyLogs logs) {
        this.qscc = qscc;
        this.issuer = issuer;
        this.properties = properties;
        this.logs = logs;
        this.timestampRoots = timestampRoots(properties.timestamp());
    }

    /** The configured time-stamp authority roots, read at start so that a bad file stops the service at once. */
    private static List<X509Certificate> timestampRoots(RegistryProperties.Timestamp config) {
        if (config.url() != null && config.rootCertificates().isEmpty()) {
            throw new IllegalStateException("registry.timestamp.url needs registry.timestamp.root-certificates (the TSA "
                    + "roots a token's signer must chain to; verifiers find them in the trust bundle)");
        }
        List<X509Certificate> roots = new ArrayList<>();
        for (Path file : config.rootCertificates()) {
            try {
                roots.add(Pem.certificate(Files.readAllBytes(file)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("registry.timestamp.root-certificates: " + file + " is not a readable PEM "
                        + "certificate: " + e.getMessage(), e);
            }
        }
        return List.copyOf(roots);
    }

    /** The bundle; a {@link org.dataright.ledger.client.LedgerException} while the ledger cannot answer. */
    public TrustBundle current() {
        TrustBundle current = bundle;
        if (current == null) {
            synchronized (this) {
                current = bundle;
                if (current == null) {
                    try {
                        current = TrustBundle.fromConfigBlock(qscc.blockByNumber(0), properties.chaincodeName(), null,
                                issuer.roots(), timestampRoots);
                    } catch (IllegalArgumentException e) {
                        throw new ApiException(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR",
                                "the channel's configuration block cannot be read as a trust bundle: " + e.getMessage(), e);
                    }
                    bundle = current;
                }
            }
        }
        TlogPolicy policy = tlogPolicy();
        return policy == null ? current : current.withTlogPolicy(policy);
    }

    /** The policy of the running log, or null when it does not run. */
    public TlogPolicy tlogPolicy() {
        return logs.running().map(logs::policy).orElse(null);
    }
}
