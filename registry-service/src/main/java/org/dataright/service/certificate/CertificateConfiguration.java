package org.dataright.service.certificate;

import org.dataright.service.config.RegistryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The issuer, in both modes. */
@Configuration(proxyBeanMethods = false)
class CertificateConfiguration {

    @Bean
    Issuer issuer(RegistryProperties properties) {
        return Issuer.load(properties);
    }
}
