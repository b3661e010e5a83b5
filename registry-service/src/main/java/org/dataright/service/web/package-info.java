/** The web pages the service serves: the certificate verification page for courts and notaries. */
package org.dataright.service.web;
