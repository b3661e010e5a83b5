package org.dataright.service.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.dataright.service.config.RegistryProperties;
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

    @Bean
    SignedRequests signedRequests(RegistryCa ca, ObjectMapper json, Clock clock) {
        return new SignedRequests(ca, json, clock);
    }

    @Bean
    EnrollmentService enrollmentService(RegistryCa ca, EnrollmentTokens tokens) {
        return new EnrollmentService(ca, tokens);
    }
}
