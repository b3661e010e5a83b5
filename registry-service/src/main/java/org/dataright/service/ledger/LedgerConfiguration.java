package org.dataright.service.ledger;

import java.util.Optional;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.Qscc;
import org.dataright.ledger.client.RightsContract;
import org.dataright.peer.node.EmbeddedPeer;
import org.dataright.service.query.Projections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's one long-lived ledger connection, the same in both modes: only the {@link GatewayTarget}
 * that {@link EmbeddedLedgerConfiguration} or {@link FabricLedgerConfiguration} makes differs.
 */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(LedgerConfiguration.class);

    @Bean(destroyMethod = "close")
    LedgerConnection ledgerConnection(GatewayTarget target) {
        LedgerConnection connection = LedgerConnection.open(target.endpoint(), target.identity());
        log.info("connected to the gateway at {} on channel {} as {}", target.endpoint().target(),
                target.endpoint().channel(), target.identity().party());
        return connection;
    }

    @Bean
    RightsContract rightsContract(LedgerConnection connection) {
        return connection.rights();
    }

    @Bean
    Qscc qscc(LedgerConnection connection) {
        return connection.qscc();
    }

    /**
     * Named so that {@code /actuator/health} calls the component {@code ledger}. In embedded mode it also reports
     * the damage the peer found in its ledger at start; in both modes an act projection that is stuck.
     */
    @Bean
    LedgerHealthIndicator ledgerHealthIndicator(LedgerConnection connection, Qscc qscc, ObjectProvider<EmbeddedPeer> peer,
            ObjectProvider<Projections> projections) {
        return new LedgerHealthIndicator(connection, qscc,
                () -> Optional.ofNullable(peer.getIfAvailable()).flatMap(p -> p.ledger().damage()).map(d ->
                        "the embedded peer's ledger is damaged at " + d + "; it serves what is intact and takes no new acts"
                                + " until that block file is restored from a backup"),
                height -> Optional.ofNullable(projections.getIfAvailable()).flatMap(p -> p.stuck(height)));
    }
}
