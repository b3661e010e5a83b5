package org.dataright.service.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenRequestsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofMinutes(10));
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("seen-requests");
    }

    @Test
    void aRequestIsSeenOnceAlsoAfterReopening() {
        try (SeenRequests seen = new SeenRequests(file(), NOW)) {
            assertThat(seen.firstTime(A, LATER, NOW)).isTrue();
            assertThat(seen.firstTime(A, LATER, NOW)).isFalse();
        }
        try (SeenRequests seen = new SeenRequests(file(), NOW.plusSeconds(60))) {
            assertThat(seen.firstTime(A, LATER, NOW.plusSeconds(60))).as("seen before the restart").isFalse();
            assertThat(seen.firstTime(B, LATER, NOW.plusSeconds(60))).isTrue();
            assertThat(seen.signedNotBefore()).isNull();
        }
    }

    @Test
    void expiredEntriesAreForgottenAndPrunedAtOpening() throws Exception {
        try (SeenRequests seen = new SeenRequests(file(), NOW)) {
            seen.firstTime(A, NOW.plusSeconds(30), NOW);
            seen.firstTime(B, LATER, NOW);
        }
        try (SeenRequests seen = new SeenRequests(file(), NOW.plusSeconds(31))) {
            assertThat(Files.readString(file())).doesNotContain(A).contains(B);
            assertThat(seen.firstTime(A, LATER, NOW.plusSeconds(31))).as("expired, so too old to be accepted anyway").isTrue();
        }
    }

    @Test
    void anUnfinishedLastLineIsDroppedAndEveryFinishedOneKept() throws Exception {
        try (SeenRequests seen = new SeenRequests(file(), NOW)) {
            seen.firstTime(A, LATER, NOW);
        }
        Files.write(file(), (LATER.getEpochSecond() + " bbbb").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (SeenRequests seen = new SeenRequests(file(), NOW)) {
            assertThat(seen.signedNotBefore()).isNull();
            assertThat(seen.firstTime(A, LATER, NOW)).isFalse();
            assertThat(Files.readString(file())).isEqualTo(LATER.getEpochSecond() + " " + A + "\n");
            assertThat(seen.firstTime(B, LATER, NOW)).isTrue();
        }
        try (SeenRequests seen = new SeenRequests(file(), NOW)) {
            assertThat(seen.firstTime(B, LATER, NOW)).isFalse();
        }
    }

    @Test
    void damageElsewhereIsKeptAsideAndRefusesEverythingSignedBeforeTheStart() throws Exception {
        try (SeenRequests seen = new SeenRequests(file(), NOW)) {
            seen.firstTime(A, LATER, NOW);
        }
        String damaged = "garbage\n" + Files.readString(file());
        Files.writeString(file(), damaged);
        try (SeenRequests seen = new SeenRequests(file(), NOW.plusSeconds(5))) {
            assertThat(seen.signedNotBefore()).isEqualTo(NOW.plusSeconds(5));
            assertThat(Files.readString(dir.resolve("seen-requests.damaged"))).isEqualTo(damaged);
            assertThat(Files.readString(file())).isEmpty();
        }
        try (SeenRequests seen = new SeenRequests(file(), NOW.plusSeconds(6))) {
            assertThat(seen.signedNotBefore()).as("the new record is whole").isNull();
        }
    }
}
