package org.dataright.service.certificate;

import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.ledger.client.Qscc;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.log.TransparencyLogs;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The trust bundle of the running network, as verifiers keep it: the organisations, their CA roots and
 * the endorsement policy read from the channel's configuration block (block 0, through {@code qscc}), the
 * chaincode name, and the registry's issuer roots, built once on first use; and, while the transparency
 * log runs, its tlog policy: its key and URL ({@code <public base URL>/tlog/}), its witnesses and their quorum.
 */
@Component
public class TrustBundles {
    private final Qscc qscc;
    private final Issuer issuer;
    private final RegistryProperties properties;
    private final TransparencyLogs logs;
    private volatile TrustBundle bundle;

    TrustBundles(Qscc qscc, Issuer issuer, RegistryProperties properties, TransparencyLogs logs) {
        this.qscc = qscc;
        this.issuer = issuer;
        this.properties = properties;
        this.logs = logs;
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
                                issuer.roots(), java.util.List.of());
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
