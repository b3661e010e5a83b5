/** The registry service's HTTP API (docs/API.md): network information, enrollment, certificates. */
package org.dataright.cli.service;
