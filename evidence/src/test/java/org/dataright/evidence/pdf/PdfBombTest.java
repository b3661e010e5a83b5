package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.dataright.testsupport.PdfBombs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 of the trust review, as the attacker made it: a 3.1 MB PDF whose embedded JSON inflates to 3 GiB
 * (it made {@code dpr verify} run out of memory), and the same bomb in an object stream, in the cross-reference
 * stream and in the XMP metadata. Each read path refuses it at the bound, allocating little.
 */
class PdfBombTest {
    private static final long ALLOWED_ALLOCATION = 64L << 20;
    private static byte[] embedded;

    @BeforeAll
    static void make() {
        embedded = PdfBombs.embeddedFile(PdfBombs.THREE_GIB);
    }

    @Test
    void theThreeGibEmbeddedJsonIsRefusedByEveryReadWithinABoundedAllocation() {
        assertThat(embedded.length).as("the bomb's size").isBetween(3_000_000, 3_400_000);
        long before = allocatedBytes();
        for (Runnable read : new Runnable[] {() -> CertificatePdf.read(embedded), () -> CertificatePdf.readJson(embedded)}) {
            assertThatThrownBy(read::run).isInstanceOf(PdfLimitExceededException.class)
                    .hasMessage("a stream of the PDF inflates to more than 8388608 bytes (8 MiB); a certificate PDF has "
                            + "no such stream");
        }
        long allocated = allocatedBytes() - before;
        System.out.println("refusing the 3 GiB embedded-JSON bomb (" + embedded.length + " bytes) twice allocated "
                + allocated + " bytes");
        assertThat(allocated).isLessThan(ALLOWED_ALLOCATION);
    }

    @Test
    void aBombInTheObjectStreamHoldingTheNameTreeIsRefused() {
        byte[] pdf = PdfBombs.objectStream(PdfBombs.THREE_GIB);
        long before = allocatedBytes();
        assertThatThrownBy(() -> CertificatePdf.read(pdf)).isInstanceOf(PdfLimitExceededException.class)
                .hasMessageStartingWith("a stream of the PDF inflates to more than 8388608 bytes");
        assertThat(allocatedBytes() - before).isLessThan(ALLOWED_ALLOCATION);
        // Not a bomb, the same layout is read: the cross-reference stream and the object stream are followed.
        assertThat(CertificatePdf.readJson(PdfBombs.objectStream(1000))).isEqualTo("{}");
    }

    @Test
    void aBombAsTheCrossReferenceStreamIsRefused() {
        byte[] pdf = PdfBombs.xrefStream(PdfBombs.THREE_GIB);
        long before = allocatedBytes();
        assertThatThrownBy(() -> CertificatePdf.read(pdf)).isInstanceOf(PdfLimitExceededException.class)
                .hasMessageStartingWith("a stream of the PDF inflates to more than 8388608 bytes");
        assertThat(allocatedBytes() - before).isLessThan(ALLOWED_ALLOCATION);
    }

    @Test
    void aBombAsTheXmpMetadataIsNeverInflated() {
        byte[] pdf = PdfBombs.metadata(PdfBombs.THREE_GIB);
        long before = allocatedBytes();
        // Whether or not a reader touches the metadata, it is refused at the bound or left unread: never inflated.
        try {
            PdfCertificate read = CertificatePdf.read(pdf);
            assertThat(read.json()).isEqualTo("{}");
        } catch (PdfLimitExceededException e) {
            assertThat(e).hasMessageStartingWith("a stream of the PDF inflates to more than 8388608 bytes");
        }
        assertThat(allocatedBytes() - before).isLessThan(ALLOWED_ALLOCATION);
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
