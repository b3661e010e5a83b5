package org.dataright.service.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dataright.service.config.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private EnrollmentTokens open() {
        return new EnrollmentTokens(dir.resolve("tokens.json"), JSON, clock);
    }

    @Test
    void aTokenIsRedeemedOnceAndOnlyItsHashIsStored() throws Exception {
        EnrollmentTokens tokens = open();
        EnrollmentTokens.Issued issued = tokens.issue("court", "People's Court", false, "RegistryMSP::CN=registrar", Duration.ofHours(1));

        assertThat(tokens.redeem(issued.token(), "CN=judge").role()).isEqualTo("court");
        assertThatThrownBy(() -> tokens.redeem(issued.token(), "CN=judge"))
                .isInstanceOf(ApiException.class).extracting("code").isEqualTo("TOKEN_USED");
        assertThat(Files.readString(dir.resolve("tokens.json"))).doesNotContain(issued.token());
    }

    @Test
    void useSurvivesAReopen() {
        EnrollmentTokens first = open();
        EnrollmentTokens.Issued used = first.issue("bank", "Bank", false, "r", Duration.ofHours(1));
        EnrollmentTokens.Issued fresh = first.issue("bank", "Second Bank", false, "r", Duration.ofHours(1));
        first.redeem(used.token(), "CN=a");

        EnrollmentTokens reopened = open();
        assertThatThrownBy(() -> reopened.redeem(used.token(), "CN=a")).extracting("code").isEqualTo("TOKEN_USED");
        assertThat(reopened.redeem(fresh.token(), "CN=b").usedAt()).isEqualTo(clock.instant());
    }

    @Test
    void unknownAndExpiredTokensAreRefusedAndChangeNothing() {
        EnrollmentTokens tokens = open();
        EnrollmentTokens.Issued issued = tokens.issue("enterprise", "Acme", false, "r", Duration.ofHours(2));
        assertThatThrownBy(() -> tokens.redeem("no-such-token", "CN=x")).extracting("code").isEqualTo("TOKEN_UNKNOWN");

        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThatThrownBy(() -> tokens.redeem(issued.token(), "CN=x")).extracting("code").isEqualTo("TOKEN_EXPIRED");
        assertThat(tokens.records().values()).allSatisfy(r -> assertThat(r.usedAt()).isNull());
    }

    @Test
    void concurrentRedemptionsOfOneTokenLetExactlyOneThrough() throws Exception {
        EnrollmentTokens tokens = open();
        EnrollmentTokens.Issued issued = tokens.issue("enterprise", "Acme", false, "r", Duration.ofHours(1));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String subject = "CN=p" + i;
                attempts.add(() -> {
                    try {
                        tokens.redeem(issued.token(), subject);
                        return true;
                    } catch (ApiException e) {
                        assertThat(e.code()).isEqualTo("TOKEN_USED");
                        return false;
                    }
                });
            }
            int successes = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                successes += result.get() ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNameIsOneParticipantAndOnlyARenewalGivesItANewToken() {
        EnrollmentTokens tokens = open();
        EnrollmentTokens.Issued acme = tokens.issue("enterprise", "Acme Data Ltd", false, "r", Duration.ofHours(1));
        assertThatThrownBy(() -> tokens.issue("enterprise", "ACME DATA LTD", false, "r", Duration.ofHours(1)))
                .extracting("code").isEqualTo("NAME_TAKEN");
        assertThatThrownBy(() -> tokens.issue("enterprise", "Acme Data Ltd", true, "r", Duration.ofHours(1)))
                .as("nobody of that name has enrolled yet").extracting("code").isEqualTo("NAME_TAKEN");

        tokens.redeem(acme.token(), "CN=Acme Data Ltd");
        assertThatThrownBy(() -> tokens.issue("enterprise", "Acme Data Ltd", false, "r", Duration.ofHours(1)))
                .extracting("code").isEqualTo("NAME_TAKEN");
        assertThatThrownBy(() -> tokens.issue("registrar", "Acme Data Ltd", true, "r", Duration.ofHours(1)))
                .extracting("code").isEqualTo("ROLE_CHANGE");
        assertThatThrownBy(() -> tokens.issue("enterprise", "Beta Ltd", true, "r", Duration.ofHours(1)))
                .extracting("code").isEqualTo("NOT_ENROLLED");
        int before = tokens.records().size();

        EnrollmentTokens.Issued renewal = tokens.issue("enterprise", "acme data ltd", true, "r", Duration.ofHours(1));
        assertThat(renewal.name()).as("the enrolled spelling").isEqualTo("Acme Data Ltd");
        assertThat(tokens.records()).hasSize(before + 1);
    }

    /** The directory (the chaincode's checkParticipantName in the service) judges a new name before a token is issued. */
    @Test
    void aLookAlikeOfAParticipantsNameGetsNoTokenAndANameIsIssuedAsTheDirectoryStoresIt() throws Exception {
        EnrollmentTokens tokens = open();
        List<String> asked = new ArrayList<>();
        java.util.function.UnaryOperator<String> directory = name -> {
            asked.add(name);
            if (name.equals("\u0410cme")) {
                throw org.dataright.ledger.client.LedgerException.refusedByChaincode(
                        new org.dataright.ledger.client.ChaincodeError("NAME_CONFUSABLE",
                                "the display name 'Аcme' looks like 'Acme', the name of acme (M::CN=Acme)"), "tx", null);
            }
            return name.replace("\uff21", "A");
        };
        assertThatThrownBy(() -> tokens.issue("enterprise", "\u0410cme", false, "r", Duration.ofHours(1), directory))
                .isInstanceOf(org.dataright.ledger.client.LedgerException.class).extracting("code")
                .isEqualTo("NAME_CONFUSABLE");
        assertThat(tokens.records()).isEmpty();
        assertThat(dir.resolve("tokens.json")).doesNotExist();

        EnrollmentTokens.Issued acme = tokens.issue("enterprise", "\uff21cme", false, "r", Duration.ofHours(1), directory);
        assertThat(acme.name()).isEqualTo("Acme");
        assertThat(tokens.records().values()).extracting(EnrollmentTokens.TokenRecord::name).containsExactly("Acme");
        assertThatThrownBy(() -> tokens.issue("enterprise", "\uff21cme", false, "r", Duration.ofHours(1), directory))
                .as("the name as stored has an open token").extracting("code").isEqualTo("NAME_TAKEN");

        tokens.redeem(acme.token(), "CN=Acme");
        asked.clear();
        assertThat(tokens.issue("enterprise", "acme", true, "r", Duration.ofHours(1), directory).name()).isEqualTo("Acme");
        assertThat(asked).as("a renewal names the enrolled participant, not a new name").isEmpty();
    }

    @Test
    void anExpiredUnusedTokenFreesItsName() {
        EnrollmentTokens tokens = open();
        tokens.issue("enterprise", "Acme", false, "r", Duration.ofHours(1));
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(tokens.issue("enterprise", "Acme", false, "r", Duration.ofHours(1)).name()).isEqualTo("Acme");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
