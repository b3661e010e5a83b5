package org.dataright.service.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.service.config.RegistryProperties;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The enrollment beans of embedded mode (the CA itself comes with the embedded network's identities). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.mode", havingValue = "embedded", matchIfMissing = true)
class EnrollmentConfiguration {
    @Bean
    EnrollmentTokens enrollmentTokens(RegistryProperties properties, ObjectMapper json, Clock clock) {
        return new EnrollmentTokens(properties.dataDir().resolve("enrollment").resolve("tokens.json"), json, clock);
    }

    @Bean(destroyMethod = "close")
    SeenRequests seenRequests(RegistryProperties properties, Clock clock) {
        return new SeenRequests(properties.dataDir().resolve("enrollment").resolve("seen-requests"), clock.instant());
    }

    @Bean
    SignedRequests signedRequests(RegistryCa ca, SeenRequests seen, ObjectMapper json, Clock clock) {
        return new SignedRequests(ca, seen, json, clock);
    }

    /** The directory, written as the registrar over the service's gRPC channel. */
    @Bean(destroyMethod = "close")
    ParticipantDirectory participantDirectory(LedgerConnection ledgerConnection, RegistryCa ca) {
        SigningIdentity registrar = ca.registrar();
        return new ParticipantDirectory(ledgerConnection.as(new ClientIdentity(registrar.mspId(), registrar.certificate(),
                registrar.privateKey())));
    }

    @Bean
    EnrollmentService enrollmentService(RegistryCa ca, EnrollmentTokens tokens, ParticipantDirectory directory) {
        return new EnrollmentService(ca, tokens, directory);
    }

    /** At start, participants enrolled before the directory existed are entered in it. */
    @Bean
    ApplicationRunner participantBackfill(ParticipantDirectory directory, EnrollmentTokens tokens, RegistryCa ca) {
        return args -> directory.backfill(ca.mspId(), tokens.records().values());
    }
}
