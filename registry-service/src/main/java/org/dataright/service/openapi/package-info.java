/**
 * The service's OpenAPI document ({@code /v3/api-docs}, springdoc): {@link org.dataright.service.openapi.ApiDescriptions}
 * gives it the words of {@code openapi/descriptions.yml} — every operation's summary, description, parameters
 * and problem responses, every schema's fields — and leaves out Spring's {@code /error}.
 */
package org.dataright.service.openapi;
