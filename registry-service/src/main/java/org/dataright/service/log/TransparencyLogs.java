package org.dataright.service.log;

import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.map.Standing;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.observability.DomainMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Opens the {@link TransparencyLog} once the ledger connection is up and closes it before the connection goes. */
@Component
public class TransparencyLogs implements SmartLifecycle {
    private final ObjectProvider<LedgerConnection> ledger;
    private final RegistryProperties properties;
    private final TlogProperties tlog;
    private volatile TransparencyLog current;

    TransparencyLogs(ObjectProvider<LedgerConnection> ledger, RegistryProperties properties, TlogProperties tlog,
            DomainMetrics metrics) {
        this.ledger = ledger;
        this.properties = properties;
        this.tlog = tlog;
        metrics.transparencyLog(() -> running().map(l -> (Number) l.tree().size()).orElse(Double.NaN),
                () -> running().map(l -> (Number) l.checkpointSize()).orElse(Double.NaN),
                () -> running().map(l -> (Number) l.checkpointsSigned()).orElse(0L));
    }

    @Override
    public synchronized void start() {
        LedgerConnection connection = ledger.getIfAvailable();
        if (tlog.enabled() && connection != null && current == null) {
            java.nio.file.Path directory = properties.dataDir().resolve("tlog");
            String origin = LogKey.origin(directory.resolve("log.key"), tlog.origin(), properties.channel());
            TransparencyLog opened = new TransparencyLog(connection, origin, directory, tlog.checkpointInterval(), tlog,
                    properties.chaincodeName(), tlog.stateMapSnapshotInterval());
            opened.start();
            current = opened;
        }
    }

    @Override
    public synchronized void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public boolean isRunning() {
        return current != null;
    }

    /** A standing of {@code assetId}, its records read back through the ledger connection's qscc. */
    public Standing standing(String assetId) {
        TransparencyLog log = log();
        LedgerConnection connection = ledger.getObject();
        try {
            return log.standing(assetId, connection.qscc()::blockByNumber);
        } catch (IllegalStateException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "STANDING_UNAVAILABLE",
                    "no standing can be given now: " + e.getMessage() + "; try again shortly");
        }
    }

    /** The running log, or empty when it is disabled or the service has no ledger connection. */
    public java.util.Optional<TransparencyLog> running() {
        return java.util.Optional.ofNullable(current);
    }

    /** How long issuing a certificate waits for the log to cover its act. */
    public java.time.Duration certificateWait() {
        return tlog.certificateWait();
    }

    /** Where the log's checkpoint and tiles are served: {@code <public base URL>/tlog/}. */
    public String logUrl() {
        String base = properties.publicBaseUrl().toString();
        return (base.endsWith("/") ? base : base + "/") + "tlog/";
    }

    /** The running log's c2sp.org/tlog-policy: its key and URL, its witnesses and their quorum. */
    public TlogPolicy policy(TransparencyLog log) {
        return TlogPolicy.parse(log.policy(logUrl()));
    }

    /** The running log; a 503 problem when there is none. */
    public TransparencyLog log() {
        TransparencyLog log = current;
        if (log == null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "TLOG_UNAVAILABLE",
                    "the transparency log is not running: it is disabled or the service has no ledger connection");
        }
        return log;
    }
}
