package org.dataright.service.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.RegistryProperties;
import org.dataright.service.observability.DomainMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Opens the {@link ActProjection} once the ledger connection is up and closes it before the connection goes. */
@Component
public class Projections implements SmartLifecycle {
    private final ObjectProvider<LedgerConnection> ledger;
    private final RegistryProperties properties;
    private final ObjectMapper json;
    private final DomainMetrics metrics;
    private volatile ActProjection projection;

    Projections(ObjectProvider<LedgerConnection> ledger, RegistryProperties properties, ObjectMapper json,
            DomainMetrics metrics) {
        this.ledger = ledger;
        this.properties = properties;
        this.json = json;
        this.metrics = metrics;
        metrics.ledgerHeight(() -> {
            ActProjection running = projection;
            return running == null ? Double.NaN : running.nextBlock();
        });
    }

    @Override
    public synchronized void start() {
        LedgerConnection connection = ledger.getIfAvailable();
        if (connection != null && projection == null) {
            ActProjection opened = new ActProjection(connection, properties.chaincodeName(),
                    properties.dataDir().resolve("projection"), json, metrics::actCommitted);
            opened.start();
            projection = opened;
        }
    }

    @Override
    public synchronized void stop() {
        if (projection != null) {
            projection.close();
            projection = null;
        }
    }

    @Override
    public boolean isRunning() {
        return projection != null;
    }

    /** One page of the acts involving {@code party} in {@code [from, to)}. */
    public Page<Act> acts(String party, Instant from, Instant to, int page, int size) {
        return current().acts(party, from, to, page, size);
    }

    /** The number of the next block the projection will read. */
    public long nextBlock() {
        return current().nextBlock();
    }

    /** Why the act projection is stuck behind a ledger of {@code ledgerHeight} blocks, if it is (empty when it is not running). */
    public Optional<String> stuck(long ledgerHeight) {
        ActProjection current = projection;
        return current == null ? Optional.empty() : current.stuck(ledgerHeight, Instant.now());
    }

    private ActProjection current() {
        ActProjection current = projection;
        if (current == null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE",
                    "the act projection is not running: the service has no ledger connection");
        }
        return current;
    }
}
