/**
 * The printable certificate: a one-page PDF (PDFBox, standard Helvetica) with a QR code to the
 * verification page, carrying the certificate JSON as an embedded file so the PDF alone can be verified.
 */
package org.dataright.evidence.pdf;
