package org.dataright.service.ledger;

import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.LedgerEndpoint;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.Qscc;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code ledger} component of {@code /actuator/health}: UP while the service's ledger endpoint
 * answers qscc GetChainInfo on the channel (details: endpoint, channel, height), DOWN with the endpoint
 * and the ledger client's code and sentence when it cannot; DOWN too, though the peer answers, while the
 * embedded peer's ledger is damaged ({@code LEDGER_DAMAGED}, naming the block, its file and what is wrong)
 * or the act projection is stuck at a block the ledger has ({@code PROJECTION_STUCK}). Each check asks the peer, so the status
 * follows a peer that stops and starts again without the service restarting; a check after one that was
 * not UP lets the connection retry at once, so it reaches a restarted peer instead of failing while gRPC
 * waits out its reconnect backoff.
 */
final class LedgerHealthIndicator implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(LedgerHealthIndicator.class);

    private final LedgerConnection connection;
    private final Qscc qscc;
    private final Supplier<Optional<String>> ledgerDamage;
    private final LongFunction<Optional<String>> projectionStuck;
    /** The status the last check found, so that only a change is logged. */
    private volatile Status last = Status.UNKNOWN;

    LedgerHealthIndicator(LedgerConnection connection, Qscc qscc) {
        this(connection, qscc, Optional::empty, height -> Optional.empty());
    }

    /**
     * @param ledgerDamage what is damaged in the embedded peer's ledger, if anything (fabric mode: never)
     * @param projectionStuck why the act projection is stuck behind a ledger of the given height, if it is
     */
    LedgerHealthIndicator(LedgerConnection connection, Qscc qscc, Supplier<Optional<String>> ledgerDamage,
            LongFunction<Optional<String>> projectionStuck) {
        this.connection = connection;
        this.qscc = qscc;
        this.ledgerDamage = ledgerDamage;
        this.projectionStuck = projectionStuck;
    }

    @Override
    public Health health() {
        LedgerEndpoint endpoint = connection.endpoint();
        if (!Status.UP.equals(last)) {
            // else the call could fail at once, the channel still waiting out its backoff after the last failure
            connection.reconnectNow();
        }
        Health.Builder health;
        try {
            BlockchainInfo info = qscc.chainInfo();
            Optional<String> damage = ledgerDamage.get();
            Optional<String> stuck = damage.isPresent() ? Optional.empty() : projectionStuck.apply(info.getHeight());
            if (damage.isPresent()) {
                health = Health.down().withDetail("code", "LEDGER_DAMAGED").withDetail("error", damage.get());
            } else if (stuck.isPresent()) {
                health = Health.down().withDetail("code", "PROJECTION_STUCK").withDetail("error", stuck.get());
            } else {
                health = Health.up();
            }
            health.withDetail("height", info.getHeight());
            if (!health.build().getStatus().equals(last) && (damage.isPresent() || stuck.isPresent())) {
                log.warn("ledger of channel {} at {}: {}", endpoint.channel(), endpoint.target(), damage.orElseGet(stuck::get));
            }
        } catch (LedgerException e) {
            health = Health.down().withDetail("code", e.code()).withDetail("error", e.getMessage());
            if (!Status.DOWN.equals(last)) {
                log.warn("ledger endpoint {} cannot serve channel {}: {}: {}", endpoint.target(), endpoint.channel(),
                        e.code(), e.getMessage());
            }
        }
        Health result = health.withDetail("endpoint", endpoint.target()).withDetail("channel", endpoint.channel()).build();
        if (Status.UP.equals(result.getStatus()) && Status.DOWN.equals(last)) {
            log.info("ledger endpoint {} serves channel {} again", endpoint.target(), endpoint.channel());
        }
        last = result.getStatus();
        return result;
    }
}
