package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ParticipantTest extends ContractTestSupport {
    static final Identity NEWCOMER = Identity.CAROL_OF_ORG1;

    FakeFabric.Tx enter(Identity who, String name, String handle, String roles) {
        return fabric.submit(REGISTRAR, c -> contract.registerParticipant(c, who.party(), name, handle, roles, who.pem));
    }

    @Nested
    class Register {

        @Test
        void theRegistrarEntersAParticipantWithItsHandleIndexed() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = enter(NEWCOMER, " Carol Analytics ", "carol-analytics", "exchange,enterprise");
            String json = "{\"id\":\"" + NEWCOMER.party() + "\",\"name\":\"Carol Analytics\",\"handle\":\"carol-analytics\","
                    + "\"roles\":[\"enterprise\",\"exchange\"],\"organisation\":\"Org1MSP\",\"status\":\"ACTIVE\","
                    + "\"lastAct\":" + stamp("REGISTER_PARTICIPANT", REGISTRAR, fabric.now(), tx) + ","
                    + "\"keys\":[{\"fingerprint\":\"" + NEWCOMER.fingerprint() + "\",\"how\":\"ENROLMENT\",\"reason\":null,"
                    + "\"from\":\"" + fabric.now() + "\",\"fromTx\":\"" + tx + "\",\"until\":null,\"untilTx\":null,"
                    + "\"end\":null,\"endReason\":null}]}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.key("name~participant", Text.skeleton("Carol Analytics")),
                    FakeFabric.key("handle~participant", "carol-analytics"), participantKey(NEWCOMER));
            assertThat(fabric.state(participantKey(NEWCOMER))).isEqualTo(json);
            assertThat(result.event().name).isEqualTo("REGISTER_PARTICIPANT");
            assertThat(result.event().payloadText()).isEqualTo("{\"participant\":\"" + NEWCOMER.party() + "\","
                    + "\"key\":\"" + NEWCOMER.fingerprint() + "\"" + recordKey(participantKey(NEWCOMER)) + "}");
        }

        @Test
        void onlyTheRegistrar() {
            fabric.rejects(ALICE, ErrorCode.ROLE_NOT_ALLOWED,
                    c -> contract.registerParticipant(c, NEWCOMER.party(), "Carol", "carol-a", "enterprise", NEWCOMER.pem));
        }

        @Test
        void aPartyOnceAndAHandleOnce() {
            fabric.rejects(REGISTRAR, ErrorCode.PARTICIPANT_EXISTS,
                    c -> contract.registerParticipant(c, BOB.party(), "Bob again", "bob-2", "enterprise", BOB.pem));
            FakeFabric.Tx taken = fabric.run(REGISTRAR,
                    c -> contract.registerParticipant(c, NEWCOMER.party(), "Carol", "bob", "enterprise", NEWCOMER.pem));
            assertThat(taken.error.getMessage()).startsWith("HANDLE_TAKEN: the handle bob is " + BOB.party());
        }

        @Test
        void refusesBadArguments() {
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerParticipant(c, "carol", "Carol", "carol-a", "enterprise", NEWCOMER.pem));
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerParticipant(c, NEWCOMER.party(), " ", "carol-a", "enterprise", NEWCOMER.pem));
            for (String handle : new String[] {"Carol", "-carol", "carol-", "carol analytics", "", "a".repeat(33)}) {
                fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                        c -> contract.registerParticipant(c, NEWCOMER.party(), "Carol", handle, "enterprise", NEWCOMER.pem));
            }
            for (String roles : new String[] {"", "enterprise,", "auditor", "bank,bank", "none"}) {
                fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                        c -> contract.registerParticipant(c, NEWCOMER.party(), "Carol", "carol-a", roles, NEWCOMER.pem));
            }
            assertThat(fabric.has(participantKey(NEWCOMER))).isFalse();
        }
    }

    @Nested
    class Change {

        @Test
        void theRegistrarRenamesAndMovesTheHandle() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(REGISTRAR,
                    c -> contract.changeParticipant(c, BOB.party(), "Bob Data Ltd", "bob-data", "", ""));
            assertThat(json(result.response).getString("name")).isEqualTo("Bob Data Ltd");
            assertThat(json(result.response).getString("handle")).isEqualTo("bob-data");
            assertThat(json(result.response).getJSONArray("roles").toList()).containsExactly("enterprise");
            assertThat(json(result.response).getJSONObject("lastAct").getString("txId")).isEqualTo(tx);
            assertThat(fabric.has(FakeFabric.key("handle~participant", "bob"))).isFalse();
            assertThat(fabric.state(FakeFabric.key("handle~participant", "bob-data"))).isEqualTo(BOB.party());
            assertThat(result.event().name).isEqualTo("CHANGE_PARTICIPANT");
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getParticipant(c, "bob-data"))).getString("id"))
                    .isEqualTo(BOB.party());
        }

        @Test
        void refusesAChangeThatChangesNothingAHandleTakenAndAnUnknownParty() {
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.changeParticipant(c, BOB.party(), "", "bob", "enterprise", "ACTIVE"));
            fabric.rejects(REGISTRAR, ErrorCode.HANDLE_TAKEN,
                    c -> contract.changeParticipant(c, BOB.party(), "", "alice", "", ""));
            fabric.rejects(REGISTRAR, ErrorCode.PARTICIPANT_NOT_FOUND,
                    c -> contract.changeParticipant(c, NEWCOMER.party(), "Carol", "", "", ""));
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.changeParticipant(c, BOB.party(), "", "", "", "GONE"));
            fabric.rejects(BANK, ErrorCode.ROLE_NOT_ALLOWED,
                    c -> contract.changeParticipant(c, BOB.party(), "", "", "", "SUSPENDED"));
        }

        @Test
        void aSuspendedParticipantMayNotActNorBeNamedUntilReinstated() {
            String assetId = register(ALICE, "traffic");
            fabric.submit(REGISTRAR, c -> contract.changeParticipant(c, ALICE.party(), "", "", "", "suspended"));
            fabric.rejects(ALICE, ErrorCode.PARTICIPANT_SUSPENDED, c -> contract.registerAsset(c, asset("other").json()));
            fabric.submit(REGISTRAR, c -> contract.changeParticipant(c, BOB.party(), "", "", "", "SUSPENDED"));
            fabric.submit(REGISTRAR, c -> contract.changeParticipant(c, ALICE.party(), "", "", "", "ACTIVE"));
            FakeFabric.Tx refused = fabric.run(ALICE, c -> contract.offerTransfer(c, rh(assetId), BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(5))));
            assertThat(refused.error.getMessage())
                    .isEqualTo("PARTICIPANT_SUSPENDED: the receiver bob (" + BOB.party() + ") is suspended and cannot accept a right");
            offer(ALICE, rh(assetId), CAROL);
        }
    }

    @Nested
    class Counterparties {
        String assetId;

        void registered() {
            assetId = register(ALICE, "traffic");
        }

        @Test
        void aPledgeToANonBankIsRefusedSoTheRightIsNeverLocked() {
            registered();
            FakeFabric.Tx refused = fabric.run(ALICE, c -> contract.pledge(c, rh(assetId), BOB.party(), digest("loan")));
            assertThat(refused.error.getMessage()).isEqualTo("PLEDGEE_NOT_BANK: the pledgee bob (" + BOB.party()
                    + ") has the roles [enterprise], not bank, so it could never release a pledge");
            assertThat(refused.keysWritten()).isEmpty();
            assertThat(right(rh(assetId)).isNull("pledge")).isTrue();
            fabric.submit(ALICE, c -> contract.pledge(c, rh(assetId), BANK.party(), digest("loan")));
        }

        @Test
        void aReceiverOrLicenseeMustBeAnEnterpriseInTheDirectory() {
            registered();
            fabric.rejects(ALICE, ErrorCode.PARTICIPANT_NOT_FOUND, c -> contract.offerTransfer(c, rh(assetId),
                    "RegistryMSP::CN=Beta Ltd", digest("c"), expiresIn(Duration.ofDays(5))));
            fabric.rejects(ALICE, ErrorCode.COUNTERPARTY_CANNOT_ACT, c -> contract.offerTransfer(c, rh(assetId),
                    BANK.party(), digest("c"), expiresIn(Duration.ofDays(5))));
            fabric.rejects(ALICE, ErrorCode.PARTICIPANT_NOT_FOUND,
                    c -> contract.grantLicence(c, assetId, PU, NEWCOMER.party(), terms().json(), ""));
            fabric.rejects(ALICE, ErrorCode.COUNTERPARTY_CANNOT_ACT,
                    c -> contract.grantLicence(c, assetId, PU, COURT.party(), terms().json(), ""));
            enter(NEWCOMER, "Carol Analytics", "carol-analytics", "enterprise");
            licence(ALICE, assetId, PU, NEWCOMER, terms());
        }
    }

    /**
     * A ledger written before the directory existed: its parties are in no directory entry. What they
     * did stands and they may go on acting; only a counterparty newly named must be entered first.
     */
    @Nested
    class LedgerFromBeforeTheDirectory {

        @Test
        void partiesWithoutAnEntryKeepActingAndAnOpenOfferCanStillBeAccepted() {
            Identity before = Identity.enterprise("Org9MSP", "early");
            Identity receiver = Identity.enterprise("Org9MSP", "early-receiver");
            String assetId = register(before, "old content");
            String rightId = rh(assetId);
            // The offer as the earlier chaincode wrote it, to a receiver the directory never held.
            JSONObject record = right(rightId);
            record.put("offer", new JSONObject().put("receiver", receiver.party()).put("contractDigest", digest("c"))
                    .put("expiresAt", expiresIn(Duration.ofDays(3))));
            String current = fabric.state(FakeFabric.rightKey(rightId));
            fabric.seed(FakeFabric.rightKey(rightId), Right.from(record).toJson());
            assertThat(fabric.state(FakeFabric.rightKey(rightId))).isNotEqualTo(current);

            fabric.submit(receiver, c -> contract.acceptTransfer(c, rightId));
            assertThat(holderOf(rightId)).isEqualTo(receiver.party());
            fabric.submit(receiver, c -> contract.grantLicence(c, assetId, PU, BOB.party(), terms().json(), ""));
            fabric.rejects(receiver, ErrorCode.PARTICIPANT_NOT_FOUND, c -> contract.offerTransfer(c, rightId,
                    before.party(), digest("back"), expiresIn(Duration.ofDays(3))));
            // The registrar backfills the earlier party; from then on it can be named.
            enter(before, "Early Data Co", "early", "enterprise");
            offer(receiver, rightId, before);
        }
    }

    @Nested
    class Queries {

        @Test
        void byPartyIdByHandleAndTheWholeDirectory() {
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getParticipant(c, BANK.party()))).getString("handle"))
                    .isEqualTo("lender");
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getParticipant(c, "lender"))).getString("id"))
                    .isEqualTo(BANK.party());
            fabric.rejects(NOBODY, ErrorCode.PARTICIPANT_NOT_FOUND, c -> contract.getParticipant(c, "nobody-here"));
            fabric.rejects(NOBODY, ErrorCode.PARTICIPANT_NOT_FOUND, c -> contract.getParticipant(c, NEWCOMER.party()));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getParticipant(c, "Not A Handle"));
            JSONArray all = new JSONArray(fabric.evaluate(NOBODY, c -> contract.getParticipants(c)));
            assertThat(all.length()).isEqualTo(PARTICIPANTS.size());
            assertThat(all.getJSONObject(0).getString("id")).isLessThan(all.getJSONObject(1).getString("id"));
        }

        @Test
        void openActsAreThoseUnderReviewOrInPublicity() {
            configure(true, 10);
            String first = asset(NOBODY, register(ALICE, "one")).getString("pendingAct");
            String second = asset(NOBODY, register(BOB, "two")).getString("pendingAct");
            fabric.submit(REGISTRAR, c -> contract.reviewAct(c, first, true, ""));
            fabric.submit(REGISTRAR, c -> contract.reviewAct(c, second, false, "incomplete"));
            JSONArray open = new JSONArray(fabric.evaluate(NOBODY, c -> contract.getOpenActs(c)));
            assertThat(open.length()).isEqualTo(1);
            assertThat(open.getJSONObject(0).getString("id")).isEqualTo(first);
            assertThat(open.getJSONObject(0).getString("stage")).isEqualTo("PUBLICITY");
        }
    }
}
