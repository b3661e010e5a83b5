package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.json.JSONArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LicenceTest extends ContractTestSupport {
    String assetId;

    @BeforeEach
    void registered() {
        assetId = register(ALICE, "traffic");
    }

    @Nested
    class GrantLicence {

        @Test
        void theResourceHolderLicensesProcessingUse() {
            String tx = fabric.nextTxId();
            String licenceId = assetId + "/L-" + tx.substring(0, 16);
            FakeFabric.Tx result = fabric.submit(ALICE,
                    c -> contract.grantLicence(c, assetId, "processing_use", BOB.party(), terms().exclusive().json(), ""));
            String json = "{\"id\":\"" + licenceId + "\",\"assetId\":\"" + assetId + "\",\"rightType\":\"PROCESSING_USE\","
                    + "\"licensor\":\"" + ALICE.party() + "\",\"licensee\":\"" + BOB.party() + "\",\"terms\":{"
                    + "\"purpose\":\"model training\",\"scope\":\"internal analytics\",\"territory\":\"CN\","
                    + "\"start\":\"2026-03-01T00:00:00Z\",\"end\":\"2027-03-01T00:00:00Z\",\"exclusive\":true,"
                    + "\"sublicensable\":false},\"parent\":null,\"status\":\"ACTIVE\",\"revocationReason\":null,"
                    + "\"lastAct\":" + stamp("GRANT_LICENCE", ALICE, fabric.now(), tx) + "}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(licenceKey(licenceId));
            assertThat(result.written(licenceKey(licenceId))).isEqualTo(json);
            assertThat(result.event().name).isEqualTo("GRANT_LICENCE");
            assertThat(result.event().payloadText()).isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\""
                    + rh(assetId) + "\",\"licenceId\":\"" + licenceId + "\"" + recordKey(licenceKey(licenceId)) + "}");
            JSONArray listed = new JSONArray(fabric.evaluate(NOBODY, c -> contract.getLicencesOfAsset(c, assetId)));
            assertThat(listed.length()).isEqualTo(1);
            assertThat(fabric.evaluate(NOBODY, c -> contract.getLicence(c, licenceId))).isEqualTo(json);
        }

        @Test
        void onlyTheResourceHolderLicensesProcessingUse() {
            fabric.rejects(BOB, ErrorCode.NOT_HOLDER,
                    c -> contract.grantLicence(c, assetId, PU, CAROL.party(), terms().json(), null));
            transfer(ALICE, rh(assetId), BOB);
            fabric.rejects(ALICE, ErrorCode.NOT_HOLDER,
                    c -> contract.grantLicence(c, assetId, PU, CAROL.party(), terms().json(), null));
            licence(BOB, assetId, PU, CAROL, terms());
        }

        @Test
        void productOperationIsLicensedByItsHolder() {
            registerRight(ALICE, assetId, PO, null);
            transfer(ALICE, po(assetId), BOB);
            fabric.rejects(ALICE, ErrorCode.NOT_HOLDER,
                    c -> contract.grantLicence(c, assetId, PO, CAROL.party(), terms().json(), null));
            String id = licence(BOB, assetId, PO, CAROL, terms());
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getLicence(c, id))).getString("licensor"))
                    .isEqualTo(BOB.party());
        }

        @Test
        void intellectualPropertyIsLicensedByItsHolder() {
            registerRight(ALICE, assetId, IP, "claim");
            String id = licence(ALICE, assetId, IP, BOB, terms());
            assertThat(id).startsWith(assetId + "/L-");
        }

        @Test
        void aRightThatIsNotRegisteredCannotBeLicensed() {
            fabric.rejects(ALICE, ErrorCode.RIGHT_NOT_FOUND,
                    c -> contract.grantLicence(c, assetId, PO, BOB.party(), terms().json(), null));
        }

        @Test
        void resourceHoldingIsNotLicensable() {
            fabric.rejects(ALICE, ErrorCode.NOT_LICENSABLE,
                    c -> contract.grantLicence(c, assetId, RH, BOB.party(), terms().json(), null));
        }

        @Test
        void notToTheLicensorItself() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.grantLicence(c, assetId, PU, ALICE.party(), terms().json(), null));
        }

        @Test
        void refusesBadTerms() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().between("2026-06-01T00:00:00Z", "2026-06-01T00:00:00Z").json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().between("2026-06-01T00:00:00Z", "2026-05-01T00:00:00Z").json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().with("purpose", null).json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().with("scope", "").json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().with("territory", null).json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().with("exclusive", "yes").json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().with("sublicensable", null).json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().with("start", "soon").json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    "not json", null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, "USE", BOB.party(),
                    terms().json(), null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.grantLicence(c, assetId, PU, "bob",
                    terms().json(), null));
        }

        @Test
        void theEndMustBeAfterTheTransactionTime() {
            fabric.at("2027-03-01T00:00:00Z");
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.grantLicence(c, assetId, PU, BOB.party(), terms().json(), null));
            fabric.at("2027-02-28T23:59:59Z");
            licence(ALICE, assetId, PU, BOB, terms());
        }

        @Test
        void anExclusiveLicenceExcludesOverlappingOnesInTimeAndTerritory() {
            licence(ALICE, assetId, PU, BOB, terms().exclusive());
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT,
                    c -> contract.grantLicence(c, assetId, PU, CAROL.party(), terms().json(), null));
            assertThat(e.getMessage()).contains("exclusive");
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().between("2027-02-28T00:00:00Z", "2028-01-01T00:00:00Z").json(), null));
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().territory("GLOBAL").json(), null));
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c, assetId, PU, BOB.party(),
                    terms().exclusive().json(), null));
        }

        @Test
        void aGlobalExclusiveLicenceExcludesEveryTerritory() {
            licence(ALICE, assetId, PU, BOB, terms().exclusive().territory("GLOBAL"));
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().territory("EU").json(), null));
        }

        @Test
        void anExclusiveLicenceCannotBeGrantedOverAnActiveOverlappingOne() {
            licence(ALICE, assetId, PU, BOB, terms().territory("EU"));
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c,
                    assetId, PU, CAROL.party(), terms().exclusive().territory("GLOBAL").json(), null));
            assertThat(e.getMessage()).contains("existing");
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().exclusive().territory("EU").json(), null));
        }

        @Test
        void nonOverlappingLicencesAreAllowed() {
            licence(ALICE, assetId, PU, BOB, terms().exclusive());
            // other territory, same time
            licence(ALICE, assetId, PU, CAROL, terms().exclusive().territory("EU"));
            // same territory, touching but not overlapping in time (end is exclusive)
            licence(ALICE, assetId, PU, DAVE, terms().exclusive().between("2027-03-01T00:00:00Z", "2028-03-01T00:00:00Z"));
            // non-exclusive licences may overlap each other
            licence(ALICE, assetId, PU, BOB, terms().territory("US"));
            licence(ALICE, assetId, PU, CAROL, terms().territory("US"));
            // another right type is another licence space
            registerRight(ALICE, assetId, PO, null);
            licence(ALICE, assetId, PO, CAROL, terms().exclusive());
            assertThat(new JSONArray(fabric.evaluate(NOBODY, c -> contract.getLicencesOfAsset(c, assetId))).length())
                    .isEqualTo(6);
        }

        @Test
        void anExpiredLicenceNoLongerConflicts() {
            licence(ALICE, assetId, PU, BOB, terms().exclusive().between("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"));
            fabric.at("2026-03-31T23:59:59Z");
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().between("2026-03-01T00:00:00Z", "2026-12-01T00:00:00Z").json(), null));
            fabric.at("2026-04-01T00:00:00Z");
            licence(ALICE, assetId, PU, CAROL, terms().exclusive().between("2026-03-01T00:00:00Z", "2026-12-01T00:00:00Z"));
        }

        @Test
        void aRevokedLicenceNoLongerConflicts() {
            String id = licence(ALICE, assetId, PU, BOB, terms().exclusive());
            fabric.submit(ALICE, c -> contract.revokeLicence(c, id, "breach of terms"));
            licence(ALICE, assetId, PU, CAROL, terms().exclusive());
        }

        @Test
        void aFrozenAssetOrRightCannotBeLicensed() {
            freeze(assetId, "case-1");
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN,
                    c -> contract.grantLicence(c, assetId, PU, BOB.party(), terms().json(), null));
            fabric.submit(COURT, c -> contract.unfreeze(c, assetId, "case-1"));
            freeze(rh(assetId), "case-2");
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN,
                    c -> contract.grantLicence(c, assetId, PU, BOB.party(), terms().json(), null));
        }

        @Test
        void refusedOnAnAssetUnderReview() {
            configure(true, 0);
            String pending = register(ALICE, "pending");
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_EFFECTIVE,
                    c -> contract.grantLicence(c, pending, PU, BOB.party(), terms().json(), null));
        }
    }

    @Nested
    class Sublicence {
        String parent;

        @BeforeEach
        void licensed() {
            parent = licence(ALICE, assetId, PU, BOB, terms().exclusive().sublicensable());
        }

        @Test
        void theLicenseeSublicensesWithinTheParentsTerms() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(BOB, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().between("2026-04-01T00:00:00Z", "2026-10-01T00:00:00Z").json(), parent));
            assertThat(json(result.response).getString("parent")).isEqualTo(parent);
            assertThat(json(result.response).getString("licensor")).isEqualTo(BOB.party());
            assertThat(json(result.response).getString("id")).isEqualTo(assetId + "/L-" + tx.substring(0, 16));
            // the parent's exclusivity still keeps others out
            fabric.rejects(ALICE, ErrorCode.LICENCE_CONFLICT,
                    c -> contract.grantLicence(c, assetId, PU, DAVE.party(), terms().json(), null));
        }

        @Test
        void aGlobalParentAllowsAnyTerritory() {
            String global = licence(ALICE, assetId, PU, CAROL, terms().territory("GLOBAL").sublicensable()
                    .between("2027-03-01T00:00:00Z", "2028-01-01T00:00:00Z"));
            licence(CAROL, assetId, PU, DAVE, terms().territory("JP").between("2027-03-01T00:00:00Z",
                    "2027-06-01T00:00:00Z"), global);
        }

        @Test
        void outsideTheParentsTermOrTerritoryIsRefused() {
            fabric.rejects(BOB, ErrorCode.OUTSIDE_PARENT_TERMS, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().between("2026-04-01T00:00:00Z", "2027-03-01T00:00:01Z").json(), parent));
            fabric.rejects(BOB, ErrorCode.OUTSIDE_PARENT_TERMS, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().between("2026-02-28T00:00:00Z", "2026-10-01T00:00:00Z").json(), parent));
            fabric.rejects(BOB, ErrorCode.OUTSIDE_PARENT_TERMS, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().territory("EU").json(), parent));
            fabric.rejects(BOB, ErrorCode.OUTSIDE_PARENT_TERMS, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().territory("GLOBAL").json(), parent));
        }

        @Test
        void theParentMustBeALicenceOfTheSameAssetAndType() {
            registerRight(ALICE, assetId, PO, null);
            fabric.rejects(BOB, ErrorCode.OUTSIDE_PARENT_TERMS,
                    c -> contract.grantLicence(c, assetId, PO, CAROL.party(), terms().json(), parent));
            fabric.rejects(BOB, ErrorCode.LICENCE_NOT_FOUND,
                    c -> contract.grantLicence(c, assetId, PU, CAROL.party(), terms().json(), assetId + "/L-none"));
        }

        @Test
        void aLicenceThatIsNotSublicensableCannotBeSublicensed() {
            String plain = licence(ALICE, assetId, PU, CAROL, terms().territory("EU"));
            fabric.rejects(CAROL, ErrorCode.SUBLICENSING_NOT_ALLOWED, c -> contract.grantLicence(c, assetId, PU,
                    DAVE.party(), terms().territory("EU").json(), plain));
        }

        @Test
        void onlyTheLicenseeSublicenses() {
            fabric.rejects(CAROL, ErrorCode.NOT_LICENSOR,
                    c -> contract.grantLicence(c, assetId, PU, DAVE.party(), terms().json(), parent));
            fabric.rejects(ALICE, ErrorCode.NOT_LICENSOR,
                    c -> contract.grantLicence(c, assetId, PU, DAVE.party(), terms().json(), parent));
        }

        @Test
        void aRevokedOrExpiredParentCannotBeSublicensed() {
            fabric.at("2027-03-01T00:00:00Z");
            fabric.rejects(BOB, ErrorCode.LICENCE_NOT_ACTIVE, c -> contract.grantLicence(c, assetId, PU, CAROL.party(),
                    terms().between("2026-04-01T00:00:00Z", "2027-06-01T00:00:00Z").json(), parent));
            fabric.at(FakeFabric.GENESIS);
            fabric.submit(ALICE, c -> contract.revokeLicence(c, parent, "unpaid"));
            fabric.rejects(BOB, ErrorCode.LICENCE_NOT_ACTIVE,
                    c -> contract.grantLicence(c, assetId, PU, CAROL.party(), terms().json(), parent));
        }
    }

    @Nested
    class RevokeLicence {
        String licenceId;

        @BeforeEach
        void licensed() {
            licenceId = licence(ALICE, assetId, PU, BOB, terms());
        }

        @Test
        void theLicensorRevokes() {
            Instant at = fabric.now();
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(ALICE, c -> contract.revokeLicence(c, licenceId, "breach of terms"));
            assertThat(json(result.response).getString("status")).isEqualTo("REVOKED");
            assertThat(json(result.response).getString("revocationReason")).isEqualTo("breach of terms");
            assertThat(result.response).endsWith("\"lastAct\":" + stamp("REVOKE_LICENCE", ALICE, at, tx) + "}");
            assertThat(result.keysWritten()).containsExactly(licenceKey(licenceId));
            assertThat(result.event().name).isEqualTo("REVOKE_LICENCE");
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"licenceId\":\"" + licenceId + "\""
                            + recordKey(licenceKey(licenceId)) + "}");
        }

        @Test
        void onlyTheLicensorRevokes() {
            fabric.rejects(BOB, ErrorCode.NOT_LICENSOR, c -> contract.revokeLicence(c, licenceId, "I changed my mind"));
            fabric.rejects(CAROL, ErrorCode.NOT_LICENSOR, c -> contract.revokeLicence(c, licenceId, "no"));
            fabric.rejects(REGULATOR, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.revokeLicence(c, licenceId, "no"));
        }

        @Test
        void needsAReasonAndAnActiveLicence() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.revokeLicence(c, licenceId, " "));
            fabric.rejects(ALICE, ErrorCode.LICENCE_NOT_FOUND, c -> contract.revokeLicence(c, assetId + "/L-x", "r"));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.revokeLicence(c, "L-x", "r"));
            fabric.submit(ALICE, c -> contract.revokeLicence(c, licenceId, "breach"));
            fabric.rejects(ALICE, ErrorCode.LICENCE_NOT_ACTIVE, c -> contract.revokeLicence(c, licenceId, "again"));
        }
    }
}
