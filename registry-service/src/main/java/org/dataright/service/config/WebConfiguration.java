package org.dataright.service.config;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.time.Clock;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock, the JSON mapper's strictness, and the servlet container's settings that properties do not cover. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Right ids contain {@code /}, which clients send as {@code %2F}; Tomcat refuses such paths unless
     * told to pass the encoded slash through to Spring, which decodes it inside the path variable.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashes() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    /** Per-client limits and request body deadlines ({@link ClientLimitValve}). */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> clientLimits(RegistryProperties properties) {
        RegistryProperties.Limits limits = properties.limits();
        return factory -> factory.addContextValves(new ClientLimitValve(limits.maxRequestsPerClient(), limits.bodyTimeout(),
                Math.max(1, limits.bodyMinRate().toBytes())));
    }

    /**
     * Every request body's fields have the JSON type the API documents: {@code "validHours":"2"} or
     * {@code "name":5} is refused, not converted ({@code spring.jackson.mapper.allow-coercion-of-scalars=false}
     * covers strings to numbers and booleans; this covers numbers and booleans to strings).
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer typedFields() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * Errors Tomcat answers before any servlet runs get a problem too: {@link ProblemReportValve} replaces
     * the host's HTML error report. Spring Boot adds one of those in its own customizer; the host drops it
     * just before it starts, when every customizer has run, and then adds the valve its class names.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            host.setErrorReportValveClass(ProblemReportValve.class.getName());
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    Pipeline pipeline = host.getPipeline();
                    for (Valve valve : pipeline.getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                            pipeline.removeValve(valve);
                        }
                    }
                }
            });
        });
    }
}
