package org.dataright.service.observability;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The console log's format when none is configured: ECS JSON (one object a line, for log shippers) when
 * the output is not a terminal — CI, a file, a container — and Spring Boot's human-readable lines when it
 * is, so a person starting the service sees the lines the READMEs point at. A configured
 * {@code logging.structured.format.console} always wins ({@code ecs}: JSON in a terminal too; empty:
 * plain text everywhere).
 */
public final class ConsoleLogFormat implements EnvironmentPostProcessor {
    static final String PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Runs before the logging system starts (Spring Boot's LoggingApplicationListener reads the result).
        if (environment.containsProperty(PROPERTY) || isTerminal()) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource("consoleLogFormat", Map.of(PROPERTY, "ecs")));
    }

    /** Java 17: a console exists when standard input and output are both a terminal. */
    static boolean isTerminal() {
        return System.console() != null;
    }
}
