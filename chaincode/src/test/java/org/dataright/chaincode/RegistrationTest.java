package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.AdditionalMatchers.aryEq;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.InOrder;

class RegistrationTest extends ContractTestSupport {

    @Nested
    class RegisterAsset {

        @Test
        void writesTheAssetTheHoldingRightAndBothIndexesInOrder() {
            String tx = fabric.nextTxId();
            String assetId = "A-" + tx.substring(0, 16);
            String sha = digest("traffic");
            String sm3 = digest("sm3 of traffic");
            String manifest = digest("manifest");
            Instant at = fabric.now();
            String request = asset("traffic").with("sm3", sm3.toUpperCase(java.util.Locale.ROOT))
                    .with("manifestRoot", manifest).json();

            FakeFabric.Tx result = fabric.submit(ALICE, c -> contract.registerAsset(c, request));

            String assetJson = "{\"id\":\"" + assetId + "\",\"title\":\"Traffic sensor readings 2025\","
                    + "\"description\":\"Hourly counts from 400 road sensors\",\"industry\":\"transport\","
                    + "\"classification\":\"IMPORTANT\",\"format\":\"parquet\",\"sizeBytes\":1048576,"
                    + "\"recordCount\":20000,\"sha256\":\"" + sha + "\",\"sm3\":\"" + sm3 + "\",\"manifestRoot\":\""
                    + manifest + "\",\"lineage\":[],\"region\":\"CN-SH\",\"registrant\":\"" + ALICE.party()
                    + "\",\"status\":\"EFFECTIVE\",\"pendingAct\":null,\"freeze\":null,\"lastAct\":"
                    + stamp("REGISTER_ASSET", ALICE, at, tx) + "}";
            String rightJson = "{\"id\":\"" + assetId + "/RESOURCE_HOLDING\",\"assetId\":\"" + assetId
                    + "\",\"type\":\"RESOURCE_HOLDING\",\"holder\":\"" + ALICE.party() + "\",\"status\":\"ACTIVE\","
                    + "\"claim\":null,\"offer\":null,\"pledge\":null,\"freeze\":null,\"pendingAct\":null,\"lastAct\":"
                    + stamp("REGISTER_ASSET", ALICE, at, tx) + "}";
            InOrder inOrder = inOrder(fabric.stub());
            inOrder.verify(fabric.stub()).putState(eq(FakeFabric.assetKey(assetId)),
                    aryEq(assetJson.getBytes(StandardCharsets.UTF_8)));
            inOrder.verify(fabric.stub()).putState(eq(FakeFabric.rightKey(rh(assetId))),
                    aryEq(rightJson.getBytes(StandardCharsets.UTF_8)));
            inOrder.verify(fabric.stub()).putState(eq(holderKey(ALICE, rh(assetId))), aryEq(rightJson.getBytes(StandardCharsets.UTF_8)));
            inOrder.verify(fabric.stub()).putState(eq(digestKey("sha256", sha)),
                    aryEq(assetId.getBytes(StandardCharsets.UTF_8)));
            inOrder.verify(fabric.stub()).putState(eq(digestKey("sm3", sm3)),
                    aryEq(assetId.getBytes(StandardCharsets.UTF_8)));
            assertThat(result.writes).hasSize(5);
            assertThat(result.response).isEqualTo(assetJson);
            assertThat(result.event().name).isEqualTo("REGISTER_ASSET");
            assertThat(result.event().payloadText()).isEqualTo(
                    "{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + assetId + "/RESOURCE_HOLDING\",\"actId\":null"
                            + recordKey(FakeFabric.assetKey(assetId)) + "}");
            assertThat(fabric.state(FakeFabric.assetKey(assetId))).isEqualTo(assetJson);
        }

        @Test
        void partyIsMspIdAndRfc2253SubjectOfTheCallersCertificate() {
            String assetId = register(ALICE, "traffic");
            assertThat(asset(NOBODY, assetId).getString("registrant")).isEqualTo("Org1MSP::CN=alice,OU=client,O=Org1");
            assertThat(holderOf(rh(assetId))).isEqualTo("Org1MSP::CN=alice,OU=client,O=Org1");
        }

        @Test
        void storesSm3AloneAndLowerCasesDigests() {
            String sm3 = digest("only sm3");
            String assetId = register(ALICE, asset("x").without("sha256").with("sm3", sm3.toUpperCase(java.util.Locale.ROOT)));
            assertThat(asset(NOBODY, assetId).isNull("sha256")).isTrue();
            assertThat(asset(NOBODY, assetId).getString("sm3")).isEqualTo(sm3);
            assertThat(fabric.state(digestKey("sm3", sm3))).isEqualTo(assetId);
        }

        @Test
        void recordsLineageToExistingAssetsWithoutDuplicates() {
            String parent1 = register(ALICE, "raw-1");
            String parent2 = register(BOB, "raw-2");
            String child = register(ALICE, asset("derived").lineage(parent1, parent2, parent1));
            assertThat(asset(NOBODY, child).getJSONArray("lineage").toList()).containsExactly(parent1, parent2);
        }

        @Test
        void refusesLineageToAMissingAsset() {
            String parent = register(ALICE, "raw-1");
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.LINEAGE_NOT_FOUND,
                    c -> contract.registerAsset(c, asset("derived").lineage(parent, "A-missing").json()));
            assertThat(e.getMessage()).contains("A-missing");
        }

        @Test
        void refusesLineageThatIsNotAnArrayOfIds() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("derived").with("lineage", "A-1").json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("derived").lineage("not an id!").json()));
        }

        @Test
        void contentRegisteredByAnotherPartyIsDuplicateContentNamingTheAsset() {
            String first = register(ALICE, "traffic");
            ChaincodeException e = fabric.rejects(BOB, ErrorCode.DUPLICATE_CONTENT,
                    c -> contract.registerAsset(c, asset("traffic").with("title", "Copied").json()));
            assertThat(e.getMessage()).contains(first);
        }

        @Test
        void duplicateIsFoundByEitherDigestAndWhateverItsCase() {
            String sm3 = digest("sm3 content");
            String first = register(ALICE, asset("a").with("sm3", sm3));
            ChaincodeException e = fabric.rejects(BOB, ErrorCode.DUPLICATE_CONTENT, c -> contract.registerAsset(c,
                    asset("b").with("sm3", sm3.toUpperCase(java.util.Locale.ROOT)).json()));
            assertThat(e.getMessage()).contains(first);
            fabric.rejects(BOB, ErrorCode.DUPLICATE_CONTENT, c -> contract.registerAsset(c,
                    asset("a").with("sha256", digest("a").toUpperCase(java.util.Locale.ROOT)).json()));
        }

        @Test
        void contentTheCallerRegisteredAlreadyIsAlreadyRegistered() {
            String first = register(ALICE, "traffic");
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.ALREADY_REGISTERED,
                    c -> contract.registerAsset(c, asset("traffic").json()));
            assertThat(e.getMessage()).contains(first);
        }

        @Test
        void theSameSubjectInAnotherOrganisationIsAnotherParty() {
            register(ALICE, "traffic");
            fabric.rejects(Identity.ALICE_OF_ORG2, ErrorCode.DUPLICATE_CONTENT,
                    c -> contract.registerAsset(c, asset("traffic").json()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"title", "industry", "classification", "format", "region", "sizeBytes", "recordCount"})
        void refusesAMissingRequiredField(String field) {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").without(field).json()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"title", "industry", "format", "region"})
        void refusesABlankRequiredText(String field) {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with(field, "   ").json()));
        }

        @Test
        void refusesTooLongOrControlCharacterText() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with("title", "t".repeat(201)).json()));
            fabric.rejects(ALICE, ErrorCode.TEXT_CONTROL_CHARACTER,
                    c -> contract.registerAsset(c, asset("traffic").with("title", "a\u0007b").json()));
            register(ALICE, asset("traffic").with("title", "t".repeat(200)));
        }

        @Test
        void refusesARequestThatIsNotAJsonObject() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerAsset(c, "[1,2]"));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerAsset(c, ""));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerAsset(c, null));
        }

        @Test
        void refusesARequestWithNoDigest() {
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.registerAsset(c, asset("traffic").without("sha256").json()));
            assertThat(e.getMessage()).contains("sha256 or sm3");
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.registerAsset(c, asset("traffic").with("sha256", "").json()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"sha256", "sm3", "manifestRoot"})
        void refusesDigestsOfTheWrongLengthOrAlphabet(String field) {
            String good = digest("traffic");
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.registerAsset(c, asset("traffic").with(field, good.substring(1)).json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.registerAsset(c, asset("traffic").with(field, good + "0").json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.registerAsset(c, asset("traffic").with(field, "g" + good.substring(1)).json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.registerAsset(c, asset("traffic").with(field, " " + good.substring(1)).json()));
        }

        @Test
        void refusesADigestThatIsNotAString() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with("sha256", 12345).json()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"sizeBytes", "recordCount"})
        void refusesNegativeFractionalOrTextualCounts(String field) {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with(field, -1).json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with(field, "12").json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with(field, 1.5).json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with(field, 1e30).json()));
        }

        @Test
        void acceptsZeroCounts() {
            String id = register(ALICE, asset("empty").with("sizeBytes", 0).with("recordCount", 0));
            assertThat(asset(NOBODY, id).getLong("sizeBytes")).isZero();
        }

        @Test
        void refusesAnUnknownClassificationAndAcceptsAnyCase() {
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAsset(c, asset("traffic").with("classification", "SECRET").json()));
            assertThat(e.getMessage()).contains("classification");
            String id = register(ALICE, asset("traffic").with("classification", "core"));
            assertThat(asset(NOBODY, id).getString("classification")).isEqualTo("CORE");
        }

        @Test
        void refusesCallersWithoutTheEnterpriseRole() {
            for (Identity other : new Identity[] {BANK, COURT, REGISTRAR, NOTARY, EXCHANGE, REGULATOR, NOBODY,
                    Identity.AUDITOR}) {
                fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.registerAsset(c, asset("t").json()));
            }
        }

        @Test
        void idsDeriveFromTheTransactionId() {
            String expected = "A-" + fabric.nextShortTx();
            assertThat(register(ALICE, "traffic")).isEqualTo(expected);
            assertThat(register(ALICE, "other")).isNotEqualTo(expected).startsWith("A-");
        }
    }

    @Nested
    class RegisterRight {

        @Test
        void registersIntellectualPropertyWithItsClaim() {
            String assetId = register(ALICE, "traffic");
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(ALICE,
                    c -> contract.registerRight(c, assetId, IP, "Selection and arrangement of the sensor data"));
            String rightJson = "{\"id\":\"" + ip(assetId) + "\",\"assetId\":\"" + assetId
                    + "\",\"type\":\"INTELLECTUAL_PROPERTY\",\"holder\":\"" + ALICE.party() + "\",\"status\":\"ACTIVE\","
                    + "\"claim\":\"Selection and arrangement of the sensor data\",\"offer\":null,\"pledge\":null,"
                    + "\"freeze\":null,\"pendingAct\":null,\"lastAct\":" + stamp("REGISTER_RIGHT", ALICE, fabric.now(), tx)
                    + "}";
            assertThat(result.response).isEqualTo(rightJson);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(ip(assetId)), holderKey(ALICE, ip(assetId)));
            assertThat(result.written(FakeFabric.rightKey(ip(assetId)))).isEqualTo(rightJson);
            assertThat(result.event().name).isEqualTo("REGISTER_RIGHT");
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + ip(assetId) + "\""
                            + recordKey(FakeFabric.rightKey(ip(assetId))) + "}");
            assertThat(rightsHeldBy(ALICE)).isEqualTo(ip(assetId) + "," + rh(assetId));
        }

        @Test
        void intellectualPropertyNeedsAClaim() {
            String assetId = register(ALICE, "traffic");
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerRight(c, assetId, IP, " "));
            assertThat(e.getMessage()).contains("claim");
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerRight(c, assetId, IP, null));
        }

        @Test
        void registersProductOperationWithoutAClaim() {
            String assetId = register(ALICE, "traffic");
            registerRight(ALICE, assetId, PO, "");
            assertThat(right(po(assetId)).isNull("claim")).isTrue();
            assertThat(holderOf(po(assetId))).isEqualTo(ALICE.party());
        }

        @Test
        void onlyTheResourceHolderMayRegister() {
            String assetId = register(ALICE, "traffic");
            fabric.rejects(BOB, ErrorCode.NOT_HOLDER, c -> contract.registerRight(c, assetId, PO, null));
            fabric.rejects(Identity.ALICE_OF_ORG2, ErrorCode.NOT_HOLDER, c -> contract.registerRight(c, assetId, PO, null));
        }

        @Test
        void theNewResourceHolderRegistersAfterATransfer() {
            String assetId = register(ALICE, "traffic");
            transfer(ALICE, rh(assetId), BOB);
            fabric.rejects(ALICE, ErrorCode.NOT_HOLDER, c -> contract.registerRight(c, assetId, PO, null));
            registerRight(BOB, assetId, PO, null);
            assertThat(holderOf(po(assetId))).isEqualTo(BOB.party());
        }

        @Test
        void oneRightOfEachTypePerAsset() {
            String assetId = register(ALICE, "traffic");
            registerRight(ALICE, assetId, PO, null);
            fabric.rejects(ALICE, ErrorCode.RIGHT_EXISTS, c -> contract.registerRight(c, assetId, PO, null));
            registerRight(ALICE, assetId, IP, "claim");
            fabric.rejects(ALICE, ErrorCode.RIGHT_EXISTS, c -> contract.registerRight(c, assetId, IP, "claim 2"));
        }

        @ParameterizedTest
        @ValueSource(strings = {PU, RH})
        void processingUseAndResourceHoldingAreNotRegistrable(String type) {
            String assetId = register(ALICE, "traffic");
            fabric.rejects(ALICE, ErrorCode.NOT_REGISTRABLE, c -> contract.registerRight(c, assetId, type, "claim"));
        }

        @Test
        void refusesAnUnknownTypeOrAsset() {
            String assetId = register(ALICE, "traffic");
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerRight(c, assetId, "COPYRIGHT", "x"));
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_FOUND, c -> contract.registerRight(c, "A-none", PO, null));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerRight(c, "bad id!", PO, null));
        }

        @Test
        void refusedOnAFrozenAssetOrAFrozenResourceRight() {
            String assetId = register(ALICE, "traffic");
            freeze(assetId, "(2026) Hu 01 Civil 1");
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN, c -> contract.registerRight(c, assetId, PO, null));
            String other = register(ALICE, "other");
            freeze(rh(other), "(2026) Hu 01 Civil 2");
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN, c -> contract.registerRight(c, other, PO, null));
        }

        @Test
        void refusedOnAnAssetStillUnderReview() {
            configure(true, 0);
            String assetId = register(ALICE, "traffic");
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_EFFECTIVE, c -> contract.registerRight(c, assetId, PO, null));
        }

        @Test
        void refusesOtherRoles() {
            String assetId = register(ALICE, "traffic");
            fabric.rejects(BANK, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.registerRight(c, assetId, PO, null));
            fabric.rejects(NOBODY, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.registerRight(c, assetId, PO, null));
        }
    }
}
