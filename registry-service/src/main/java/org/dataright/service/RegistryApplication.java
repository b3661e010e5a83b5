package org.dataright.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The registry service: hosts or connects to the ledger, enrols, issues and verifies certificates, answers queries. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RegistryApplication {

    public static void main(String[] args) {
        SpringApplication.run(RegistryApplication.class, args);
    }
}
