package org.dataright.service.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.dataright.ledger.client.RightsContract;
import org.junit.jupiter.api.Test;

class ParticipantDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private final RightsContract rights = mock(RightsContract.class);
    private final ParticipantDirectory directory = new ParticipantDirectory(rights, null);

    @Test
    void aHandleIsMadeFromTheNameAndKeptFree() {
        assertThat(ParticipantDirectory.handleFor("Gamma AI Labs", "M::CN=g", Set.of())).isEqualTo("gamma-ai-labs");
        assertThat(ParticipantDirectory.handleFor("  Acme Data Ltd. ", "M::CN=a", Set.of("acme-data-ltd")))
                .isEqualTo("acme-data-ltd-2");
        assertThat(ParticipantDirectory.handleFor("Acme Data Ltd", "M::CN=a", Set.of("acme-data-ltd", "acme-data-ltd-2")))
                .isEqualTo("acme-data-ltd-3");
        assertThat(ParticipantDirectory.handleFor("甲数据有限公司", "M::CN=甲", Set.of())).matches("p-[0-9a-f]{8}");
        String longName = "The Very Long Name Of A Provincial Data Exchange Company";
        assertThat(ParticipantDirectory.handleFor(longName, "M::CN=x", Set.of())).hasSizeLessThanOrEqualTo(32)
                .doesNotEndWith("-");
        String first = ParticipantDirectory.handleFor(longName, "M::CN=x", Set.of());
        assertThat(ParticipantDirectory.handleFor(longName, "M::CN=x", Set.of(first))).hasSizeLessThanOrEqualTo(32)
                .endsWith("-2");
    }

    @Test
    void aNameIsJudgedByTheChaincode() throws Exception {
        when(rights.checkParticipantName("Cafe\u0301\u00a0Holdings")).thenReturn(JSON.readTree("{\"name\":\"Caf\u00e9 Holdings\"}"));
        assertThat(directory.checkedName("Cafe\u0301\u00a0Holdings")).isEqualTo("Caf\u00e9 Holdings");
    }

    @Test
    void aRenewalIsNotEnteredTwiceButRebindsTheKey() throws Exception {
        when(rights.participants()).thenReturn(JSON.readTree("[{\"id\":\"M::CN=acme\",\"handle\":\"acme\"}]"));
        directory.enter("M::CN=acme", "acme", "enterprise", "PEM-2", "renewal with token T");
        verify(rights, never()).registerParticipant(anyString(), anyString(), anyString(), anyString(), anyString());
        verify(rights).rebindKey("M::CN=acme", "PEM-2", "renewal with token T");
        directory.enter("M::CN=beta", "Acme", "bank", "PEM-B", "unused");
        verify(rights).registerParticipant("M::CN=beta", "Acme", "acme-2", "bank", "PEM-B");
    }

    @Test
    void participantsEnrolledBeforeTheDirectoryAreBackfilledOnce() throws Exception {
        when(rights.participants()).thenReturn(JSON.readTree("[{\"id\":\"M::CN=acme\",\"handle\":\"acme\"}]"));
        directory.backfill("M", List.of(
                new EnrollmentTokens.TokenRecord("enterprise", "acme", "R", T, T, T, "CN=acme"),
                new EnrollmentTokens.TokenRecord("bank", "First Bank", "R", T, T, T, "CN=First Bank"),
                new EnrollmentTokens.TokenRecord("bank", "First Bank", "R", T, T, T, "CN=First Bank"),
                new EnrollmentTokens.TokenRecord("court", "Unused", "R", T, T, null, null)));
        verify(rights).registerParticipant("M::CN=First Bank", "First Bank", "first-bank", "bank", null);
        verify(rights, never()).registerParticipant("M::CN=acme", "acme", "acme", "enterprise", null);
        verify(rights, never()).registerParticipant(anyString(), anyString(), anyString(), org.mockito.ArgumentMatchers.eq("court"),
                org.mockito.ArgumentMatchers.any());
        verify(rights, never()).rebindKey(anyString(), anyString(), anyString());
    }
}
