package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Look-alike display names (finding 10 of the trust review) and text rules on the ledger: each example of
 * the finding is refused or stored as the README says, and a ledger from before the name index gets one.
 */
class ParticipantNameTest extends ContractTestSupport {
    static final String FIRST = "Org4MSP::CN=first";
    static final String SECOND = "Org5MSP::CN=second";

    FakeFabric.Tx enter(String party, String name, String handle) {
        return fabric.submit(REGISTRAR, c -> contract.registerParticipant(c, party, name, handle, "enterprise", null));
    }

    void refusedAsLookAlike(String party, String name, String existing) {
        String message = fabric.rejects(REGISTRAR, ErrorCode.NAME_CONFUSABLE,
                c -> contract.registerParticipant(c, party, name, "look-alike", "enterprise", null)).getMessage();
        assertThat(message).contains("the name of first (" + existing + ")");
    }

    String storedName(String party) {
        return json(fabric.evaluate(NOBODY, c -> contract.getParticipant(c, party))).getString("name");
    }

    @Nested
    class TheFindingsExamples {

        @Test
        void cafeHoldingsInNfcAndNfdIsOneName() {
            enter(FIRST, "Cafe\u0301 Holdings", "first");
            assertThat(storedName(FIRST).getBytes(StandardCharsets.UTF_8))
                    .containsExactly("Caf\u00e9 Holdings".getBytes(StandardCharsets.UTF_8));
            refusedAsLookAlike(SECOND, "Caf\u00e9 Holdings", FIRST);
            refusedAsLookAlike(SECOND, "Cafe\u0301 Holdings", FIRST);
        }

        @Test
        void cyrillicAndFullWidthLettersAndCaseAreLookAlikes() {
            enter(FIRST, "Acme", "first");
            String message = fabric.rejects(REGISTRAR, ErrorCode.NAME_CONFUSABLE,
                    c -> contract.registerParticipant(c, SECOND, "\u0410cme", "acme-2", "enterprise", null)).getMessage();
            assertThat(message).isEqualTo("NAME_CONFUSABLE: the display name '\u0410cme' looks like 'Acme', the name of "
                    + "first (" + FIRST + "); a look-alike name would let one participant pass for another, so choose "
                    + "a distinct name");
            refusedAsLookAlike(SECOND, "\uff21cme", FIRST);
            refusedAsLookAlike(SECOND, "ACME", FIRST);
            refusedAsLookAlike(SECOND, "Acrne", FIRST);
        }

        @Test
        void aFullWidthNameIsStoredPlain() {
            enter(FIRST, "\uff21cme", "first");
            assertThat(storedName(FIRST)).isEqualTo("Acme");
            refusedAsLookAlike(SECOND, "Acme", FIRST);
        }

        @Test
        void nbspAndDoubleSpacesAreOneSpace() {
            enter(FIRST, "  Acme\u00a0\u00a0Data ", "first");
            assertThat(storedName(FIRST)).isEqualTo("Acme Data");
            refusedAsLookAlike(SECOND, "Acme Data", FIRST);
            refusedAsLookAlike(SECOND, "Acme  Data", FIRST);
            refusedAsLookAlike(SECOND, "Acme\u3000Data", FIRST);
        }

        @Test
        void aRightToLeftOverrideIsRefusedInATitleAndEveryOtherText() {
            String rlo = "Q3 \u202Efdp.xslx";
            assertThat(fabric.rejects(ALICE, ErrorCode.TEXT_CONTROL_CHARACTER,
                    c -> contract.registerAsset(c, asset("sales").with("title", rlo).json())).getMessage())
                    .startsWith("TEXT_CONTROL_CHARACTER: title contains U+202E (RIGHT-TO-LEFT OVERRIDE) at character 4");
            fabric.rejects(ALICE, ErrorCode.TEXT_CONTROL_CHARACTER,
                    c -> contract.registerAsset(c, asset("sales").with("description", rlo).json()));
            fabric.rejects(REGISTRAR, ErrorCode.TEXT_CONTROL_CHARACTER,
                    c -> contract.registerParticipant(c, FIRST, rlo, "first", "enterprise", null));
            String assetId = register(ALICE, "sales");
            fabric.rejects(ALICE, ErrorCode.TEXT_CONTROL_CHARACTER, c -> contract.anchorEvidence(c, assetId,
                    "audit_report", digest("audit"), null, rlo));
            fabric.rejects(ALICE, ErrorCode.TEXT_CONTROL_CHARACTER, c -> contract.grantLicence(c, assetId, PU,
                    BOB.party(), new Terms().with("purpose", rlo).json(), null));
            fabric.rejects(COURT, ErrorCode.TEXT_CONTROL_CHARACTER, c -> contract.freeze(c, assetId, rlo, digest("o")));
        }
    }

    @Nested
    class OrdinaryNames {

        @Test
        void chineseNamesAndTitlesAreAcceptedUnchanged() {
            enter(FIRST, "数据资产登记中心", "first");
            enter(SECOND, "上海数据交易所", "second");
            assertThat(storedName(FIRST)).isEqualTo("数据资产登记中心");
            assertThat(storedName(SECOND)).isEqualTo("上海数据交易所");
            String assetId = register(ALICE, asset("ledger").with("title", "数据资产登记").with("description",
                    "交通数据（2025）：第一季度，共计①项"));
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getAsset(c, assetId))).getString("title"))
                    .isEqualTo("数据资产登记");
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getAsset(c, assetId))).getString("description"))
                    .isEqualTo("交通数据（2025）：第一季度，共计①项");
        }

        @Test
        void aRenameFreesTheOldNameAndMayChangeCaseOnly() {
            enter(FIRST, "Acme", "first");
            fabric.submit(REGISTRAR, c -> contract.changeParticipant(c, FIRST, "ACME", "", "", ""));
            fabric.submit(REGISTRAR, c -> contract.changeParticipant(c, FIRST, "Acme Data", "", "", ""));
            assertThat(fabric.has(FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Acme")))).isFalse();
            enter(SECOND, "Acme", "second");
            assertThat(fabric.rejects(REGISTRAR, ErrorCode.NAME_CONFUSABLE,
                    c -> contract.changeParticipant(c, SECOND, "Acme\u00a0Data", "", "", "")).getMessage())
                    .contains("the name of first (" + FIRST + ")");
        }

        @Test
        void theServiceCanAskBeforeItIssuesAToken() {
            assertThat(fabric.evaluate(NOBODY, c -> contract.checkParticipantName(c, "Cafe\u0301\u00a0Holdings")))
                    .isEqualTo("{\"name\":\"Caf\u00e9 Holdings\"}");
            enter(FIRST, "Acme", "first");
            fabric.rejects(NOBODY, ErrorCode.NAME_CONFUSABLE, c -> contract.checkParticipantName(c, "\u0410cme"));
            fabric.rejects(NOBODY, ErrorCode.TEXT_CONTROL_CHARACTER, c -> contract.checkParticipantName(c, "A\u202Ecme"));
        }
    }

    /** Participants entered before the name index existed: it is built, in party-id order, by the first act that needs it. */
    @Nested
    class LedgerFromBeforeTheIndex {
        final FakeFabric old = new FakeFabric();

        void seed(String party, String name, String handle) {
            Participant p = new Participant(party, name, handle, java.util.EnumSet.of(Role.ENTERPRISE),
                    Participant.Status.ACTIVE, new Stamp(Act.REGISTER_PARTICIPANT, REGISTRAR.party(), FakeFabric.GENESIS,
                            "0".repeat(64)));
            old.seed(FakeFabric.key(Ledger.PARTICIPANT, party), p.toJson());
            old.seed(FakeFabric.key(Ledger.HANDLE_INDEX, handle), party);
        }

        @Test
        void theFirstRegistrationBuildsTheIndexAndALookAlikeOfAnOldNameIsRefused() {
            seed("Org2MSP::CN=b", "Acme  Data", "b");
            seed("Org1MSP::CN=a", "ACME DATA", "a");
            seed("Org3MSP::CN=c", "Beta", "c");
            // A look-alike of an old name is refused, and the index built to find it is not written.
            assertThat(old.rejects(REGISTRAR, ErrorCode.NAME_CONFUSABLE, c -> contract.registerParticipant(c, SECOND,
                    "Acme\u00a0Data", "d", "enterprise", null)).getMessage()).startsWith("NAME_CONFUSABLE: the display name 'Acme Data' looks like "
                    + "'ACME DATA', the name of a (Org1MSP::CN=a)");
            assertThat(old.has(FakeFabric.key(Ledger.NAME_INDEX_RULE))).isFalse();

            FakeFabric.Tx first = old.submit(REGISTRAR, c -> contract.registerParticipant(c, SECOND, "Gamma", "d",
                    "enterprise", null));
            assertThat(first.keysWritten()).containsExactly(
                    FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Acme Data")),
                    FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Beta")),
                    FakeFabric.key(Ledger.NAME_INDEX_RULE),
                    FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Gamma")),
                    FakeFabric.key(Ledger.HANDLE_INDEX, "d"),
                    FakeFabric.key(Ledger.PARTICIPANT, SECOND));
            // Of the two old look-alikes, the first in party-id order holds the name; neither record changed.
            assertThat(old.state(FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Acme Data")))).isEqualTo("Org1MSP::CN=a");
            assertThat(old.state(FakeFabric.key(Ledger.NAME_INDEX_RULE))).isEqualTo(Text.SKELETON_RULE);

            FakeFabric.Tx next = old.submit(REGISTRAR, c -> contract.registerParticipant(c, FIRST, "Delta", "e",
                    "enterprise", null));
            assertThat(next.keysWritten()).as("the index is built once").containsExactly(
                    FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Delta")), FakeFabric.key(Ledger.HANDLE_INDEX, "e"),
                    FakeFabric.key(Ledger.PARTICIPANT, FIRST));
            old.rejects(REGISTRAR, ErrorCode.NAME_CONFUSABLE,
                    c -> contract.changeParticipant(c, FIRST, "Beta", "", "", ""));
            // The old look-alike that does not hold the entry can still change other fields, and its own name.
            old.submit(REGISTRAR, c -> contract.changeParticipant(c, "Org2MSP::CN=b", "", "", "", "SUSPENDED"));
            old.submit(REGISTRAR, c -> contract.changeParticipant(c, "Org2MSP::CN=b", "Acme Data East", "", "", ""));
            assertThat(old.state(FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Acme Data")))).isEqualTo("Org1MSP::CN=a");
        }

        @Test
        void anIndexOfAnotherRuleIsRebuilt() {
            seed("Org1MSP::CN=a", "Acme", "a");
            old.seed(FakeFabric.key(Ledger.NAME_INDEX_RULE), "uts39-skeleton-casefold/icu-0.1/unicode-1.1");
            old.seed(FakeFabric.key(Ledger.NAME_INDEX, "stale"), "Org9MSP::CN=gone");
            old.seed(FakeFabric.key(Ledger.NAME_INDEX, Text.skeleton("Acme")), "Org1MSP::CN=a");
            FakeFabric.Tx tx = old.submit(REGISTRAR, c -> contract.registerParticipant(c, SECOND, "Beta", "b",
                    "enterprise", null));
            assertThat(tx.keysWritten()).contains(FakeFabric.key(Ledger.NAME_INDEX, "stale"));
            assertThat(old.has(FakeFabric.key(Ledger.NAME_INDEX, "stale"))).isFalse();
            assertThat(old.state(FakeFabric.key(Ledger.NAME_INDEX_RULE))).isEqualTo(Text.SKELETON_RULE);
            old.rejects(REGISTRAR, ErrorCode.NAME_CONFUSABLE,
                    c -> contract.registerParticipant(c, FIRST, "\u0410CME", "c", "enterprise", null));
        }
    }

    @Test
    void theSameInputStoresTheSameBytes() {
        FakeFabric other = new FakeFabric();
        FakeFabric.Tx here = fabric.submit(REGISTRAR, c -> contract.registerParticipant(c, FIRST,
                " Cafe\u0301\u00a0\u00a0Holdings（上海） ", "first", "enterprise", null));
        FakeFabric.Tx there = other.submit(REGISTRAR, c -> contract.registerParticipant(c, FIRST,
                " Cafe\u0301\u00a0\u00a0Holdings（上海） ", "first", "enterprise", null));
        assertThat(there.written(FakeFabric.key(Ledger.PARTICIPANT, FIRST)))
                .isEqualTo(here.written(FakeFabric.key(Ledger.PARTICIPANT, FIRST)));
        assertThat(json(here.response).getString("name")).isEqualTo("Caf\u00e9 Holdings(上海)");
    }
}
