package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferTest extends ContractTestSupport {
    String assetId;
    String rightId;

    @BeforeEach
    void registered() {
        assetId = register(ALICE, "traffic");
        rightId = rh(assetId);
    }

    @Nested
    class OfferTransfer {

        @Test
        void theHolderOffersToANamedReceiver() {
            String expiry = "2026-04-01T00:00:00Z";
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(ALICE,
                    c -> contract.offerTransfer(c, rightId, BOB.party(), digest("contract").toUpperCase(java.util.Locale.ROOT), expiry));
            String json = "{\"id\":\"" + rightId + "\",\"assetId\":\"" + assetId + "\",\"type\":\"RESOURCE_HOLDING\","
                    + "\"holder\":\"" + ALICE.party() + "\",\"status\":\"ACTIVE\",\"claim\":null,\"offer\":{\"receiver\":\""
                    + BOB.party() + "\",\"contractDigest\":\"" + digest("contract") + "\",\"expiresAt\":\"" + expiry
                    + "\"},\"pledge\":null,\"freeze\":null,\"pendingAct\":null,\"lastAct\":"
                    + stamp("OFFER_TRANSFER", ALICE, fabric.now(), tx) + "}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(ALICE, rightId));
            assertThat(result.written(FakeFabric.rightKey(rightId))).isEqualTo(json);
            assertThat(result.written(holderKey(ALICE, rightId))).as("the holder's listing keeps a copy").isEqualTo(json);
            assertThat(result.event().name).isEqualTo("OFFER_TRANSFER");
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rightId + "\""
                            + recordKey(FakeFabric.rightKey(rightId)) + "}");
        }

        @Test
        void onlyTheHolderMayOffer() {
            fabric.rejects(BOB, ErrorCode.NOT_HOLDER, c -> contract.offerTransfer(c, rightId, CAROL.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.rejects(Identity.ALICE_OF_ORG2, ErrorCode.NOT_HOLDER, c -> contract.offerTransfer(c, rightId,
                    CAROL.party(), digest("c"), expiresIn(Duration.ofDays(1))));
        }

        @Test
        void notToTheHolderItself() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, rightId, ALICE.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
        }

        @Test
        void theExpiryMustBeAfterTheTransactionTime() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), fabric.now().toString()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), fabric.now().minusSeconds(1).toString()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), "next tuesday"));
            fabric.submit(ALICE, c -> contract.offerTransfer(c, rightId, BOB.party(), digest("c"),
                    fabric.now().plusSeconds(1).toString()));
        }

        @Test
        void refusesBadArguments() {
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    "abc", expiresIn(Duration.ofDays(1))));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, rightId, "bob",
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, rightId, "Org2MSP::",
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.rejects(ALICE, ErrorCode.RIGHT_NOT_FOUND, c -> contract.offerTransfer(c, po(assetId), BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.offerTransfer(c, assetId, BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
        }

        @Test
        void oneOpenOfferAtATime() {
            offer(ALICE, rightId, BOB);
            fabric.rejects(ALICE, ErrorCode.OFFER_PENDING, c -> contract.offerTransfer(c, rightId, CAROL.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
        }

        @Test
        void aPledgedRightCannotBeOffered() {
            fabric.submit(ALICE, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
            fabric.rejects(ALICE, ErrorCode.RIGHT_PLEDGED, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
        }

        @Test
        void aFrozenAssetOrRightCannotBeOffered() {
            freeze(rightId, "case-1");
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.submit(COURT, c -> contract.unfreeze(c, rightId, "case-1"));
            freeze(assetId, "case-2");
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.submit(COURT, c -> contract.unfreeze(c, assetId, "case-2"));
            offer(ALICE, rightId, BOB);
        }

        @Test
        void productOperationAndIntellectualPropertyAreTransferableToo() {
            registerRight(ALICE, assetId, PO, null);
            registerRight(ALICE, assetId, IP, "claim");
            transfer(ALICE, po(assetId), BOB);
            transfer(ALICE, ip(assetId), CAROL);
            assertThat(holderOf(po(assetId))).isEqualTo(BOB.party());
            assertThat(holderOf(ip(assetId))).isEqualTo(CAROL.party());
            assertThat(holderOf(rightId)).isEqualTo(ALICE.party());
        }
    }

    @Nested
    class AcceptTransfer {

        @Test
        void theReceiverBecomesHolderAndTheHolderIndexMoves() {
            registerRight(ALICE, assetId, PO, null);
            offer(ALICE, rightId, BOB);
            assertThat(rightsHeldBy(ALICE)).isEqualTo(po(assetId) + "," + rightId);
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(BOB, c -> contract.acceptTransfer(c, rightId));

            String json = "{\"id\":\"" + rightId + "\",\"assetId\":\"" + assetId + "\",\"type\":\"RESOURCE_HOLDING\","
                    + "\"holder\":\"" + BOB.party() + "\",\"status\":\"ACTIVE\",\"claim\":null,\"offer\":null,"
                    + "\"pledge\":null,\"freeze\":null,\"pendingAct\":null,\"lastAct\":"
                    + stamp("ACCEPT_TRANSFER", BOB, fabric.now(), tx) + "}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(BOB, rightId),
                    holderKey(ALICE, rightId));
            assertThat(result.writes.get(2).isDelete()).isTrue();
            assertThat(result.event().name).isEqualTo("ACCEPT_TRANSFER");
            assertThat(result.event().payloadText()).isEqualTo(
                    "{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rightId + "\",\"actId\":null"
                            + recordKey(FakeFabric.rightKey(rightId)) + "}");
            assertThat(rightsHeldBy(ALICE)).isEqualTo(po(assetId));
            assertThat(rightsHeldBy(BOB)).isEqualTo(rightId);
            assertThat(fabric.state(FakeFabric.rightKey(rightId))).isEqualTo(json);
        }

        @Test
        void theNewHolderMayOfferAndTheOldMayNot() {
            transfer(ALICE, rightId, BOB);
            fabric.rejects(ALICE, ErrorCode.NOT_HOLDER, c -> contract.offerTransfer(c, rightId, CAROL.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
            transfer(BOB, rightId, CAROL);
            assertThat(holderOf(rightId)).isEqualTo(CAROL.party());
            assertThat(rightsHeldBy(BOB)).isEmpty();
        }

        @Test
        void onlyTheNamedReceiverMayAccept() {
            offer(ALICE, rightId, BOB);
            fabric.rejects(CAROL, ErrorCode.NOT_RECEIVER, c -> contract.acceptTransfer(c, rightId));
            fabric.rejects(ALICE, ErrorCode.NOT_RECEIVER, c -> contract.acceptTransfer(c, rightId));
            fabric.rejects(Identity.enterprise("Org1MSP", "bob"), ErrorCode.NOT_RECEIVER,
                    c -> contract.acceptTransfer(c, rightId));
        }

        @Test
        void anExpiredOfferIsRefusedAtTheTransactionTimestamp() {
            Instant expiry = fabric.now().plus(Duration.ofDays(7));
            fabric.submit(ALICE, c -> contract.offerTransfer(c, rightId, BOB.party(), digest("c"), expiry.toString()));
            fabric.at(expiry);
            fabric.rejects(BOB, ErrorCode.OFFER_EXPIRED, c -> contract.acceptTransfer(c, rightId));
            fabric.at(expiry.plusSeconds(3600));
            fabric.rejects(BOB, ErrorCode.OFFER_EXPIRED, c -> contract.acceptTransfer(c, rightId));
            fabric.at(expiry.minusMillis(1));
            fabric.submit(BOB, c -> contract.acceptTransfer(c, rightId));
        }

        @Test
        void nothingToAcceptWithoutAnOffer() {
            fabric.rejects(BOB, ErrorCode.NO_OFFER, c -> contract.acceptTransfer(c, rightId));
            fabric.rejects(BOB, ErrorCode.RIGHT_NOT_FOUND, c -> contract.acceptTransfer(c, po(assetId)));
        }

        @Test
        void aFrozenRightOrAssetCannotBeAccepted() {
            offer(ALICE, rightId, BOB);
            freeze(rightId, "case-1");
            fabric.rejects(BOB, ErrorCode.RIGHT_FROZEN, c -> contract.acceptTransfer(c, rightId));
            fabric.submit(COURT, c -> contract.unfreeze(c, rightId, "case-1"));
            freeze(assetId, "case-2");
            fabric.rejects(BOB, ErrorCode.ASSET_FROZEN, c -> contract.acceptTransfer(c, rightId));
        }

        @Test
        void aPledgedRightCannotBeAccepted() {
            // Pledging refuses an offered right and offering refuses a pledged one, so this state cannot be
            // reached through acts; the accept check is the last line of defence.
            offer(ALICE, rightId, BOB);
            org.json.JSONObject right = right(rightId);
            right.put("pledge", json("{\"pledgee\":\"" + BANK.party() + "\",\"contractDigest\":\"" + digest("loan")
                    + "\",\"since\":\"" + fabric.now() + "\"}"));
            fabric.seed(FakeFabric.rightKey(rightId), right.toString());
            fabric.rejects(BOB, ErrorCode.RIGHT_PLEDGED, c -> contract.acceptTransfer(c, rightId));
        }
    }

    @Nested
    class RejectTransfer {

        @Test
        void theReceiverDeclinesAndTheOfferIsGone() {
            offer(ALICE, rightId, BOB);
            FakeFabric.Tx result = fabric.submit(BOB, c -> contract.rejectTransfer(c, rightId));
            assertThat(json(result.response).isNull("offer")).isTrue();
            assertThat(json(result.response).getJSONObject("lastAct").getString("act")).isEqualTo("REJECT_TRANSFER");
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(ALICE, rightId));
            assertThat(result.event().name).isEqualTo("REJECT_TRANSFER");
            assertThat(holderOf(rightId)).isEqualTo(ALICE.party());
            fabric.rejects(BOB, ErrorCode.NO_OFFER, c -> contract.acceptTransfer(c, rightId));
            offer(ALICE, rightId, CAROL);
        }

        @Test
        void onlyTheReceiverMayReject() {
            offer(ALICE, rightId, BOB);
            fabric.rejects(ALICE, ErrorCode.NOT_RECEIVER, c -> contract.rejectTransfer(c, rightId));
            fabric.rejects(CAROL, ErrorCode.NOT_RECEIVER, c -> contract.rejectTransfer(c, rightId));
        }

        @Test
        void nothingToRejectWithoutAnOffer() {
            fabric.rejects(BOB, ErrorCode.NO_OFFER, c -> contract.rejectTransfer(c, rightId));
        }
    }

    @Nested
    class CancelTransfer {

        @Test
        void theHolderWithdrawsTheOffer() {
            offer(ALICE, rightId, BOB);
            FakeFabric.Tx result = fabric.submit(ALICE, c -> contract.cancelTransfer(c, rightId));
            assertThat(json(result.response).isNull("offer")).isTrue();
            assertThat(result.event().name).isEqualTo("CANCEL_TRANSFER");
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rightId + "\""
                            + recordKey(FakeFabric.rightKey(rightId)) + "}");
            fabric.rejects(BOB, ErrorCode.NO_OFFER, c -> contract.acceptTransfer(c, rightId));
        }

        @Test
        void onlyTheHolderMayCancel() {
            offer(ALICE, rightId, BOB);
            fabric.rejects(BOB, ErrorCode.NOT_HOLDER, c -> contract.cancelTransfer(c, rightId));
        }

        @Test
        void nothingToCancelWithoutAnOffer() {
            fabric.rejects(ALICE, ErrorCode.NO_OFFER, c -> contract.cancelTransfer(c, rightId));
        }

        @Test
        void anExpiredOfferCanBeCancelledAndReplaced() {
            offer(ALICE, rightId, BOB);
            fabric.advance(Duration.ofDays(60));
            fabric.rejects(ALICE, ErrorCode.OFFER_PENDING, c -> contract.offerTransfer(c, rightId, CAROL.party(),
                    digest("c"), expiresIn(Duration.ofDays(1))));
            fabric.submit(ALICE, c -> contract.cancelTransfer(c, rightId));
            offer(ALICE, rightId, CAROL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bank", "court", "registrar", "notary", "exchange", "regulator"})
    void transferActsNeedTheEnterpriseRole(String role) {
        Identity other = Identity.of("OtherMSP", "someone-" + role, role);
        offer(ALICE, rightId, BOB);
        fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.offerTransfer(c, rightId, BOB.party(),
                digest("c"), expiresIn(Duration.ofDays(1))));
        fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.acceptTransfer(c, rightId));
        fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.rejectTransfer(c, rightId));
        fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.cancelTransfer(c, rightId));
    }
}
