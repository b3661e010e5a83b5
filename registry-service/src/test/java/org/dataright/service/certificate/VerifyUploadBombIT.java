package org.dataright.service.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.dataright.testsupport.PdfBombs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Finding 7 of the trust review against the whole service: {@code POST /api/verify} of a 3.1 MB PDF whose embedded
 * JSON inflates to 3 GiB answered 500 after 16 s, the service's memory growing from 421 MB to 6.1 GB. Now each bomb
 * (embedded file, object stream, cross-reference stream) is a {@code 400 CERTIFICATE_TOO_LARGE} problem, the
 * service's threads allocate little doing so, and it keeps answering.
 */
class VerifyUploadBombIT {
    private static final long ALLOWED_ALLOCATION = 256L << 20;

    @TempDir
    static Path data;
    static ConfigurableApplicationContext context;
    static RegistryClient client;

    @BeforeAll
    static void start() {
        context = TestServices.start(data);
        client = new RegistryClient(TestServices.baseUrl(context));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everyBombIsA400ProblemWithItsCodeAndLittleAllocation() throws Exception {
        Map<String, byte[]> bombs = Map.of(
                "embedded file", PdfBombs.embeddedFile(PdfBombs.THREE_GIB),
                "object stream", PdfBombs.objectStream(PdfBombs.THREE_GIB),
                "cross-reference stream", PdfBombs.xrefStream(PdfBombs.THREE_GIB));
        for (Map.Entry<String, byte[]> bomb : bombs.entrySet()) {
            long allocatedBefore = allocatedByAllThreads();
            long started = System.nanoTime();
            HttpResponse<String> answer = client.verify(bomb.getValue(), "bomb.certificate.pdf", null);
            long millis = (System.nanoTime() - started) / 1_000_000;
            long allocated = allocatedByAllThreads() - allocatedBefore;
            System.out.printf("POST /api/verify, 3 GiB bomb in the %s (%d bytes): %d in %d ms, %d bytes allocated%n",
                    bomb.getKey(), bomb.getValue().length, answer.statusCode(), millis, allocated);

            assertThat(answer.statusCode()).as(bomb.getKey() + ": " + answer.body()).isEqualTo(400);
            JsonNode problem = RegistryClient.JSON.readTree(answer.body());
            assertThat(problem.path("code").asText()).as(answer.body()).isEqualTo("CERTIFICATE_TOO_LARGE");
            assertThat(problem.path("detail").asText()).startsWith("a stream of the PDF inflates to more than 8388608 bytes");
            assertThat(allocated).as(bomb.getKey() + ": bytes the service's threads allocated").isLessThan(ALLOWED_ALLOCATION);
        }
        // Still answering.
        assertThat(client.get("/api/network").statusCode()).isEqualTo(200);
    }

    // An upload beyond the body limit is 413 PAYLOAD_TOO_LARGE: RestDrillIT ("a 20 MB upload") sends it with a
    // client that reads while it writes — the service answers at once and closes without reading the rest, and
    // java.net.http, which reads only once the body is sent, sees the connection reset instead of the answer.

    /** Bytes allocated so far by the threads alive now (HotSpot's per-thread counters). */
    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(n -> n > 0).sum();
    }
}
