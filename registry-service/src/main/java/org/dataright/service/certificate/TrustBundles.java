package org.dataright.service.certificate;

import org.dataright.evidence.trust.TrustBundle;
import org.dataright.ledger.client.Qscc;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.RegistryProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The trust bundle of the running network, as verifiers keep it: the organisations, their CA roots and
 * the endorsement policy read from the channel's configuration block (block 0, through {@code qscc}), the
 * chaincode name, and the registry's issuer roots. Built once, on first use.
 */
@Component
public class TrustBundles {
    private final Qscc qscc;
    private final Issuer issuer;
    private final RegistryProperties properties;
    private volatile TrustBundle bundle;

    TrustBundles(Qscc qscc, Issuer issuer, RegistryProperties properties) {
        this.qscc = qscc;
        this.issuer = issuer;
        this.properties = properties;
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
        return current;
    }
}
