package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Keys pinned in the participant directory: an act is accepted only when signed with a current key of
 * its participant. A certificate minted with the CA key for an existing subject, a key replaced by a
 * renewal or a rebind, and a revoked key are refused, and every binding is an act on the record.
 */
class ParticipantKeysTest extends ContractTestSupport {

    JSONArray keysOf(Identity who) {
        return json(fabric.evaluate(NOBODY, c -> contract.getParticipant(c, who.party()))).getJSONArray("keys");
    }

    FakeFabric.Tx renew(Identity signer, Identity renewed) {
        return fabric.submit(signer, c -> contract.renewKey(c, renewed.pem));
    }

    /** Finding 2: the operator holds the enrolment CA key and mints a certificate for CN=bob with its own key. */
    @Nested
    class AMintedCertificate {

        @Test
        void cannotActForAnExistingParticipantNorMoveItsRight() {
            String assetId = register(BOB, "bob's data");
            Identity minted = BOB.withNewKey();
            assertThat(minted.party()).isEqualTo(BOB.party());
            assertThat(minted.fingerprint()).isNotEqualTo(BOB.fingerprint());

            FakeFabric.Tx refused = fabric.run(minted, c -> contract.offerTransfer(c, rh(assetId), ALICE.party(),
                    digest("c"), expiresIn(java.time.Duration.ofDays(5))));
            assertThat(refused.error.getMessage()).isEqualTo("KEY_NOT_BOUND: the key " + minted.fingerprint()
                    + " you signed with was never bound to " + BOB.party() + ", so it may not act in that name (current keys: ["
                    + BOB.fingerprint() + "]); a new key is bound by a renewal signed with the current one, or by the registrar");
            assertThat(refused.keysWritten()).isEmpty();
            fabric.rejects(minted, ErrorCode.KEY_NOT_BOUND, c -> contract.renewKey(c, minted.renewed().pem));
            assertThat(holderOf(rh(assetId))).isEqualTo(BOB.party());
            offer(BOB, rh(assetId), ALICE);
        }
    }

    @Nested
    class Renewal {

        @Test
        void theOldKeyBindsTheNewOneAndStopsBeingCurrent() {
            Identity second = BOB.withNewKey();
            String tx = fabric.nextTxId();
            FakeFabric.Tx renewed = renew(BOB, second);
            assertThat(renewed.keysWritten()).containsExactly(FakeFabric.key("handle~participant", "bob"), participantKey(BOB));
            assertThat(renewed.event().name).isEqualTo("RENEW_KEY");
            assertThat(renewed.event().payloadText()).isEqualTo("{\"participant\":\"" + BOB.party() + "\",\"key\":\""
                    + second.fingerprint() + "\"" + recordKey(participantKey(BOB)) + "}");
            JSONArray keys = keysOf(BOB);
            assertThat(keys.length()).isEqualTo(2);
            assertThat(keys.getJSONObject(0).getString("end")).isEqualTo("RENEWED");
            assertThat(keys.getJSONObject(0).getString("untilTx")).isEqualTo(tx);
            assertThat(keys.getJSONObject(1).getString("how")).isEqualTo("RENEWAL");
            assertThat(keys.getJSONObject(1).isNull("until")).isTrue();

            fabric.rejects(BOB, ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("after renewal").json()));
            register(second, "after renewal");
        }

        /** Finding 4: after two renewals the first key still submitted VALID acts. */
        @Test
        void afterTwoRenewalsOnlyTheLastKeyActs() {
            Identity second = BOB.withNewKey();
            Identity third = BOB.withNewKey();
            renew(BOB, second);
            renew(second, third);
            FakeFabric.Tx first = fabric.run(BOB, c -> contract.registerAsset(c, asset("first key").json()));
            assertThat(first.error.getMessage()).startsWith("KEY_NOT_BOUND: the key " + BOB.fingerprint()
                    + " you signed with stopped being a key of " + BOB.party() + " at ").contains("(renewed)");
            fabric.rejects(second, ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("second key").json()));
            register(third, "third key");
            assertThat(keysOf(BOB).toList()).hasSize(3);
        }

        @Test
        void refusesAnotherSubjectAnOldKeyAndAnythingButACertificate() {
            Identity second = BOB.withNewKey();
            FakeFabric.Tx other = fabric.run(BOB, c -> contract.renewKey(c, ALICE.renewed().pem));
            assertThat(other.error.getMessage()).startsWith("CERTIFICATE_MISMATCH: the certificate is for '"
                    + ALICE.certificate.getSubjectX500Principal().getName() + "', not for " + BOB.party());
            fabric.rejects(BOB, ErrorCode.KEY_ALREADY_BOUND, c -> contract.renewKey(c, BOB.pem));
            fabric.rejects(BOB, ErrorCode.INVALID_ARGUMENT, c -> contract.renewKey(c, "not a certificate"));
            fabric.rejects(BOB, ErrorCode.INVALID_ARGUMENT, c -> contract.renewKey(c,
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
            renew(BOB, second);
            // The key it had before can never come back.
            fabric.rejects(second, ErrorCode.KEY_ALREADY_BOUND, c -> contract.renewKey(c, BOB.pem));
            assertThat(keysOf(BOB).length()).isEqualTo(2);
        }

        @Test
        void aPartyOutsideTheDirectoryHasNoKeyToRenew() {
            Identity outsider = Identity.enterprise("Org9MSP", "outsider");
            FakeFabric.Tx refused = fabric.run(outsider, c -> contract.renewKey(c, outsider.renewed().pem));
            assertThat(refused.error.getMessage()).startsWith("KEY_NOT_BOUND: no key is bound to " + outsider.party());
        }
    }

    @Nested
    class Rebind {

        @Test
        void theRegistrarBindsANewKeyWithAReasonAndEveryOldKeyStops() {
            Identity replacement = BOB.withNewKey();
            FakeFabric.Tx rebound = fabric.submit(REGISTRAR,
                    c -> contract.rebindKey(c, BOB.party(), replacement.pem, "laptop stolen, ticket 42"));
            assertThat(rebound.event().name).isEqualTo("REBIND_KEY");
            JSONArray keys = keysOf(BOB);
            assertThat(keys.getJSONObject(0).getString("end")).isEqualTo("REBOUND");
            assertThat(keys.getJSONObject(0).getString("endReason")).isEqualTo("laptop stolen, ticket 42");
            assertThat(keys.getJSONObject(1).getString("how")).isEqualTo("REBIND");
            assertThat(keys.getJSONObject(1).getString("reason")).isEqualTo("laptop stolen, ticket 42");
            assertThat(json(rebound.response).getJSONObject("lastAct").getString("actor")).isEqualTo(REGISTRAR.party());
            fabric.rejects(BOB, ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("old").json()));
            register(replacement, "new");
        }

        @Test
        void refusesWithoutAReasonForAnUnknownPartyAndForAnotherRole() {
            Identity replacement = BOB.withNewKey();
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT, c -> contract.rebindKey(c, BOB.party(), replacement.pem, " "));
            fabric.rejects(REGISTRAR, ErrorCode.PARTICIPANT_NOT_FOUND, c -> contract.rebindKey(c,
                    Identity.CAROL_OF_ORG1.party(), Identity.CAROL_OF_ORG1.pem, "new"));
            fabric.rejects(REGISTRAR, ErrorCode.CERTIFICATE_MISMATCH,
                    c -> contract.rebindKey(c, BOB.party(), ALICE.pem, "wrong file"));
            fabric.rejects(ALICE, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.rebindKey(c, BOB.party(), replacement.pem, "mine"));
            assertThat(keysOf(BOB).length()).isEqualTo(1);
        }
    }

    @Nested
    class Revocation {

        @Test
        void aRevokedKeyIsRefusedFromTheNextBlock() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx revoked = fabric.submit(REGISTRAR,
                    c -> contract.revokeKey(c, BOB.party(), BOB.fingerprint().toUpperCase(java.util.Locale.ROOT), "key leaked"));
            assertThat(revoked.event().name).isEqualTo("REVOKE_KEY");
            JSONObject key = keysOf(BOB).getJSONObject(0);
            assertThat(key.getString("end")).isEqualTo("REVOKED");
            assertThat(key.getString("untilTx")).isEqualTo(tx);
            assertThat(key.getString("until")).isEqualTo(fabric.now().toString());

            FakeFabric.Tx refused = fabric.run(BOB, c -> contract.registerAsset(c, asset("after").json()));
            assertThat(refused.error.getMessage()).isEqualTo("KEY_REVOKED: the key " + BOB.fingerprint() + " of "
                    + BOB.party() + " was revoked at " + fabric.now() + " (key leaked); it may not act");
            // With no current key left, no other key may act either until the registrar binds one.
            fabric.rejects(BOB.withNewKey(), ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("x").json()));
            fabric.rejects(BOB, ErrorCode.KEY_REVOKED, c -> contract.renewKey(c, BOB.renewed().pem));
            Identity replacement = BOB.withNewKey();
            fabric.submit(REGISTRAR, c -> contract.rebindKey(c, BOB.party(), replacement.pem, "new key after the leak"));
            register(replacement, "after");
            fabric.rejects(REGISTRAR, ErrorCode.KEY_ALREADY_BOUND,
                    c -> contract.rebindKey(c, BOB.party(), BOB.pem, "the leaked key again"));
        }

        @Test
        void onlyACurrentKeyIsRevokedAndOnlyByTheRegistrar() {
            Identity second = BOB.withNewKey();
            renew(BOB, second);
            fabric.rejects(REGISTRAR, ErrorCode.KEY_NOT_BOUND, c -> contract.revokeKey(c, BOB.party(), BOB.fingerprint(), "old"));
            fabric.rejects(REGISTRAR, ErrorCode.KEY_NOT_BOUND,
                    c -> contract.revokeKey(c, BOB.party(), digest("never bound"), "unknown"));
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT, c -> contract.revokeKey(c, BOB.party(), "abc", "short"));
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.revokeKey(c, BOB.party(), second.fingerprint(), ""));
            fabric.rejects(BOB, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.revokeKey(c, BOB.party(), second.fingerprint(), "x"));
            fabric.submit(REGISTRAR, c -> contract.revokeKey(c, BOB.party(), second.fingerprint(), "done"));
            fabric.rejects(REGISTRAR, ErrorCode.KEY_REVOKED, c -> contract.revokeKey(c, BOB.party(), second.fingerprint(), "again"));
        }
    }

    @Nested
    class Registration {

        @Test
        void pinsTheKeyOfTheCertificateItIsGiven() {
            Identity carol = Identity.CAROL_OF_ORG1;
            fabric.rejects(REGISTRAR, ErrorCode.CERTIFICATE_MISMATCH,
                    c -> contract.registerParticipant(c, carol.party(), "Carol", "carol-a", "enterprise", ALICE.pem));
            fabric.submit(REGISTRAR, c -> contract.registerParticipant(c, carol.party(), "Carol", "carol-a", "enterprise",
                    carol.pem));
            assertThat(keysOf(carol).getJSONObject(0).getString("how")).isEqualTo("ENROLMENT");
            fabric.rejects(carol.withNewKey(), ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("c").json()));
        }
    }

    /**
     * Entries written before keys were pinned have none: the first act a participant signs binds that key
     * (trust on first use, recorded in that act's write of the entry), and from then on only that key acts.
     */
    @Nested
    class EntriesFromBeforeKeys {

        @Test
        void theFirstActBindsItsKeyAndAnotherKeyIsRefusedAfterwards() {
            fabric.seed(participantKey(DAVE), keylessEntry(DAVE).toJson());
            assertThat(fabric.state(participantKey(DAVE))).doesNotContain("\"keys\":[{");
            String tx = fabric.nextTxId();
            FakeFabric.Tx first = fabric.submit(DAVE, c -> contract.registerAsset(c, asset("dave's").json()));
            assertThat(first.keysWritten()).contains(participantKey(DAVE));
            JSONObject key = keysOf(DAVE).getJSONObject(0);
            assertThat(key.getString("how")).isEqualTo("FIRST_USE");
            assertThat(key.getString("fromTx")).isEqualTo(tx);
            assertThat(json(fabric.state(participantKey(DAVE))).getJSONObject("lastAct").getString("act"))
                    .isEqualTo("REGISTER_ASSET");
            fabric.rejects(DAVE.withNewKey(), ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("minted").json()));
            register(DAVE, "second");
            assertThat(keysOf(DAVE).length()).isEqualTo(1);
        }

        @Test
        void aRefusedFirstActBindsNothing() {
            fabric.seed(participantKey(DAVE), keylessEntry(DAVE).toJson());
            FakeFabric.Tx refused = fabric.run(DAVE, c -> contract.registerAsset(c, "{}"));
            assertThat(refused.error).isNotNull();
            assertThat(keysOf(DAVE).length()).isZero();
        }

        @Test
        void theRegistrarCanBindAheadOfTheFirstAct() {
            fabric.seed(participantKey(DAVE), keylessEntry(DAVE).toJson());
            Identity own = DAVE.withNewKey();
            fabric.submit(REGISTRAR, c -> contract.rebindKey(c, DAVE.party(), own.pem, "bound from the enrolled certificate"));
            fabric.rejects(DAVE, ErrorCode.KEY_NOT_BOUND, c -> contract.registerAsset(c, asset("d").json()));
            register(own, "d");
        }
    }
}
