/**
 * The "bad input" drill of the registry service's HTTP API: every endpoint of docs/API.md, against the
 * whole service in embedded mode, with malformed, oversized and hostile requests, each expected to get a
 * 4xx problem with the service's code and a readable sentence, and to change nothing.
 */
package org.dataright.service.drill;
