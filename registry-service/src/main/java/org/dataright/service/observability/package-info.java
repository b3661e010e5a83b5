/**
 * What operators watch: the console log's format ({@link org.dataright.service.observability.ConsoleLogFormat},
 * human-readable in a terminal, ECS JSON otherwise) and the domain metrics at {@code /actuator/prometheus}
 * ({@link org.dataright.service.observability.DomainMetrics}).
 */
package org.dataright.service.observability;
