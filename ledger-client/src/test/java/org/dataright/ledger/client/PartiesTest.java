package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Names, handles and party ids resolve to exactly one participant of the directory, or not at all. */
class PartiesTest {
    private static final String BETA = "RegistryMSP::CN=Beta Ltd,OU=client";
    private static final String BETA_SH = "Org2MSP::CN=Beta Ltd,OU=client";
    private static final String BANK = "RegistryMSP::CN=First Bank,OU=client";

    private final RightsContract rights = mock(RightsContract.class);
    private final Parties parties = new Parties(rights);

    PartiesTest() throws Exception {
        JsonNode directory = Json.MAPPER.readTree("["
                + participant(BETA, "Beta Ltd", "beta", "enterprise", "ACTIVE") + ","
                + participant(BETA_SH, "Beta  Ltd", "beta-sh", "enterprise", "SUSPENDED") + ","
                + participant(BANK, "First Bank", "first-bank", "bank", "ACTIVE") + "]");
        when(rights.participants()).thenReturn(directory);
    }

    private static String participant(String id, String name, String handle, String role, String status) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"handle\":\"" + handle + "\",\"roles\":[\"" + role
                + "\"],\"organisation\":\"" + id.substring(0, id.indexOf("::")) + "\",\"status\":\"" + status
                + "\",\"lastAct\":null}";
    }

    @Test
    void aHandleADisplayNameOrAPartyIdNamesOneParticipant() {
        assertThat(parties.resolve("first-bank").id()).isEqualTo(BANK);
        assertThat(parties.resolve("  FIRST   bank ").id()).isEqualTo(BANK);
        assertThat(parties.resolve(BANK).id()).isEqualTo(BANK);
        assertThat(parties.resolve("beta").id()).isEqualTo(BETA);
        assertThat(parties.resolve("BETA-SH").describe())
                .isEqualTo("Beta  Ltd (beta-sh, enterprise, SUSPENDED) " + BETA_SH);
    }

    @Test
    void aSharedNameIsRefusedWithTheCandidates() {
        assertThatThrownBy(() -> parties.resolve("beta ltd"))
                .isInstanceOfSatisfying(Parties.Unresolved.class, e -> {
                    assertThat(e.code()).isEqualTo(Parties.Unresolved.AMBIGUOUS);
                    assertThat(e.candidates()).extracting(Parties.Participant::id).containsExactly(BETA, BETA_SH);
                    assertThat(e.getMessage()).isEqualTo("'beta ltd' names 2 participants: Beta Ltd (beta, enterprise) "
                            + BETA + "; Beta  Ltd (beta-sh, enterprise, SUSPENDED) " + BETA_SH
                            + "; give the handle or the party id");
                });
    }

    @Test
    void anUnknownNameIsRefusedWithWhatComesClose() {
        assertThatThrownBy(() -> parties.resolve("Bank"))
                .isInstanceOfSatisfying(Parties.Unresolved.class, e -> {
                    assertThat(e.code()).isEqualTo(Parties.Unresolved.NOT_FOUND);
                    assertThat(e.candidates()).extracting(Parties.Participant::id).containsExactly(BANK);
                });
        assertThatThrownBy(() -> parties.resolve("RegistryMSP::CN=Beta Ltd"))
                .isInstanceOfSatisfying(Parties.Unresolved.class, e -> assertThat(e.code())
                        .isEqualTo(Parties.Unresolved.NOT_FOUND));
        assertThatThrownBy(() -> parties.resolve(" ")).isInstanceOf(Parties.Unresolved.class);
        assertThatThrownBy(() -> parties.resolve("A-1\u001b[2J\u202E" + "x".repeat(200)))
                .hasMessageStartingWith("no participant in the directory is 'A-1\\u001b[2J\\u202exxx")
                .hasMessageContaining("x…'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u202E"));
    }

    @Test
    void searchMatchesAnyPartOfNameHandleOrId() {
        assertThat(parties.search("ltd")).extracting(Parties.Participant::handle).containsExactly("beta", "beta-sh");
        assertThat(parties.search("org2msp")).extracting(Parties.Participant::handle).containsExactly("beta-sh");
        assertThat(parties.search("nobody")).isEmpty();
    }
}
