/**
 * The printable certificate: a signed one-page PDF in Chinese and English, drawn in an embedded Noto Sans SC
 * subset ({@link org.dataright.evidence.pdf.CertificatePdf#render}), carrying the certificate JSON as an
 * embedded file so the PDF alone can be verified, and read back within fixed bounds with the checks of the
 * PDF itself: its PAdES signature and its page text ({@link org.dataright.evidence.pdf.CertificatePdf#read}).
 */
package org.dataright.evidence.pdf;
