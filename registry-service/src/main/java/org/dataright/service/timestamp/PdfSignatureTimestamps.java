package org.dataright.service.timestamp;

import org.dataright.evidence.pdf.SignatureTimestamper;
import org.dataright.service.config.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The certificate PDF's signature time-stamp (PAdES B-T) from the configured time-stamp authority. A TSA
 * that cannot be reached or answers badly does not hold up the PDF: it is signed B-B and the reason is
 * logged; the PDF is rendered on each request, so the next download asks the TSA again.
 */
@Configuration(proxyBeanMethods = false)
class PdfSignatureTimestamps {
    private static final Logger log = LoggerFactory.getLogger(PdfSignatureTimestamps.class);

    /** Null (no bean) when no TSA is configured: the PDF is then B-B without asking anyone. */
    @Bean
    SignatureTimestamper pdfSignatureTimestamper(RegistryProperties properties) {
        RegistryProperties.Timestamp config = properties.timestamp();
        if (config.url() == null) {
            return null;
        }
        TimestampAuthority authority = new TimestampAuthority(config.url(), config.timeout());
        return sha256 -> {
            try {
                return authority.stamp(sha256);
            } catch (TimestampException e) {
                log.warn("the certificate PDF is signed without a signature time-stamp (PAdES B-B): {}", e.getMessage());
                return null;
            }
        };
    }
}
