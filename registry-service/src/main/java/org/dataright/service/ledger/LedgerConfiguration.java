package org.dataright.service.ledger;

import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.Qscc;
import org.dataright.ledger.client.RightsContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /** Named so that {@code /actuator/health} calls the component {@code ledger}. */
    @Bean
    LedgerHealthIndicator ledgerHealthIndicator(LedgerConnection connection, Qscc qscc) {
        return new LedgerHealthIndicator(connection, qscc);
    }
}
