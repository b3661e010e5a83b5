package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.json.JSONArray;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BulkRegistrationTest extends ContractTestSupport {

    /** A second ledger, with the same directory, on which the same assets are registered one act each. */
    private final ContractTestSupport singles = new ContractTestSupport() {
    };

    private static String batch(AssetRequest... requests) {
        JSONArray array = new JSONArray();
        for (AssetRequest r : requests) {
            array.put(r.o);
        }
        return array.toString();
    }

    private static AssetRequest[] requests(int n) {
        AssetRequest[] requests = new AssetRequest[n];
        for (int i = 0; i < n; i++) {
            requests[i] = asset("bulk " + i);
        }
        return requests;
    }

    /**
     * Each asset of the batch writes what registering it alone writes, byte for byte, in the same order;
     * only what names the transaction differs: its id ({@code A-<tx>-<index>} for {@code A-<tx>}, and
     * {@code P-<tx>-<index>} for an act under review) and the stamp's transaction id.
     */
    private void assertSameAsSingleRegistrations(AssetRequest... requests) {
        FakeFabric.Tx bulk = fabric.submit(ALICE, c -> contract.registerAssets(c, batch(requests)));
        String shortTx = bulk.txId.substring(0, 16);
        List<FakeFabric.Write> expected = new ArrayList<>();
        List<String> expectedEvents = new ArrayList<>();
        List<String> expectedRecords = new ArrayList<>();
        for (int i = 0; i < requests.length; i++) {
            AssetRequest r = requests[i];
            FakeFabric.Tx single = singles.fabric.submit(ALICE, c -> singles.contract.registerAsset(c, r.json()));
            String singleShort = single.txId.substring(0, 16);
            String suffix = "-" + i;
            for (FakeFabric.Write w : single.writes) {
                expected.add(new FakeFabric.Write(renamed(w.key, single.txId, singleShort, bulk.txId, shortTx, suffix),
                        w.value == null ? null : renamed(w.text(), single.txId, singleShort, bulk.txId, shortTx, suffix)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            expectedEvents.add(renamed(single.event().payloadText(), single.txId, singleShort, bulk.txId, shortTx, suffix));
            expectedRecords.add(renamed(single.response, single.txId, singleShort, bulk.txId, shortTx, suffix));
            assertThat(single.event().name).isEqualTo("REGISTER_ASSET");
        }
        assertThat(bulk.writes).containsExactlyElementsOf(expected);
        assertThat(bulk.event().name).isEqualTo("REGISTER_ASSETS");
        assertThat(bulk.event().payloadText()).isEqualTo("{\"assets\":[" + String.join(",", expectedEvents) + "]}");
        assertThat(bulk.response).isEqualTo("[" + String.join(",", expectedRecords) + "]");
    }

    private static String renamed(String s, String singleTx, String singleShort, String bulkTx, String bulkShort,
            String suffix) {
        return s.replace(singleTx, bulkTx).replace("A-" + singleShort, "A-" + bulkShort + suffix)
                .replace("P-" + singleShort, "P-" + bulkShort + suffix);
    }

    @Nested
    class Accepted {
        @Test
        void eachAssetIsWhatItsOwnRegistrationWrites() {
            assertSameAsSingleRegistrations(asset("a"), asset("b").without("sha256").with("sm3", digest("sm3 of b")),
                    asset("c").with("sm3", digest("sm3 of c")).with("manifestRoot", digest("manifest of c")));
        }

        @Test
        void underReviewEachAssetOpensItsOwnPendingAct() {
            configure(true, 10);
            singles.configure(true, 10);
            String shortTx = fabric.nextShortTx();
            assertSameAsSingleRegistrations(asset("a"), asset("b"));
            assertThat(json(fabric.state(actKey("P-" + shortTx + "-1"))).getString("assetId")).isEqualTo("A-" + shortTx + "-1");
        }

        @Test
        void registersTheMostAssetsABatchMayHold() {
            FakeFabric.Tx tx = fabric.submit(ALICE, c -> contract.registerAssets(c, batch(requests(Registrations.MAX_BATCH))));
            assertThat(new JSONArray(tx.response).length()).isEqualTo(Registrations.MAX_BATCH);
            String last = "A-" + tx.txId.substring(0, 16) + "-" + (Registrations.MAX_BATCH - 1);
            assertThat(asset(NOBODY, last).getString("registrant")).isEqualTo(ALICE.party());
            assertThat(holderOf(rh(last))).isEqualTo(ALICE.party());
        }

        @Test
        void anAssetOfABatchIsFoundByItsDigest() {
            FakeFabric.Tx tx = fabric.submit(ALICE, c -> contract.registerAssets(c, batch(asset("a"), asset("b"))));
            String found = fabric.evaluate(NOBODY, c -> contract.findAssetByDigest(c, "sha256", digest("b")));
            assertThat(json(found).getString("id")).isEqualTo("A-" + tx.txId.substring(0, 16) + "-1");
        }
    }

    @Nested
    class Refused {
        @Test
        void aBadItemRefusesTheBatchNamingTheItemAndItsCode() {
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAssets(c, batch(asset("a"), asset("b").without("title"), asset("c"))));
            assertThat(e.getMessage()).startsWith("INVALID_ARGUMENT: item 1: ").contains("title");
        }

        @Test
        void contentTheCallerRegisteredBeforeRefusesTheBatch() {
            String earlier = register(ALICE, "b");
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.ALREADY_REGISTERED,
                    c -> contract.registerAssets(c, batch(asset("a"), asset("c"), asset("b"))));
            assertThat(e.getMessage()).isEqualTo("ALREADY_REGISTERED: item 2: you registered this content already, as asset "
                    + earlier);
        }

        @Test
        void contentAnotherPartyRegisteredRefusesTheBatch() {
            register(BOB, "a");
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.DUPLICATE_CONTENT,
                    c -> contract.registerAssets(c, batch(asset("a"))));
            assertThat(e.getMessage()).startsWith("DUPLICATE_CONTENT: item 0: ");
        }

        @Test
        void theSameContentTwiceNamesBothItems() {
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.BATCH_DUPLICATE,
                    c -> contract.registerAssets(c, batch(asset("a"), asset("b"), asset("a").with("title", "again"))));
            assertThat(e.getMessage()).isEqualTo("BATCH_DUPLICATE: item 2: its sha256 digest " + digest("a")
                    + " is also item 0's; a batch registers each content once");
        }

        @Test
        void theSameSm3TwiceNamesBothItems() {
            String sm3 = digest("one sm3");
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.BATCH_DUPLICATE,
                    c -> contract.registerAssets(c, batch(asset("a").with("sm3", sm3), asset("b").with("sm3", sm3))));
            assertThat(e.getMessage()).startsWith("BATCH_DUPLICATE: item 1: its sm3 digest " + sm3 + " is also item 0's");
        }

        @Test
        void moreAssetsThanABatchHolds() {
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.BATCH_TOO_LARGE,
                    c -> contract.registerAssets(c, batch(requests(Registrations.MAX_BATCH + 1))));
            assertThat(e.getMessage()).isEqualTo("BATCH_TOO_LARGE: the batch has 501 assets; at most 500 are registered "
                    + "in one transaction");
        }

        @Test
        void moreBytesThanABatchHolds() {
            AssetRequest[] requests = requests(300);
            for (AssetRequest r : requests) {
                r.with("description", "x".repeat(Input.LONG_TEXT.maxLength));
            }
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.BATCH_TOO_LARGE,
                    c -> contract.registerAssets(c, batch(requests)));
            assertThat(e.getMessage()).startsWith("BATCH_TOO_LARGE: the batch has ").endsWith(" bytes; at most 1048576 are "
                    + "registered in one transaction");
        }

        @Test
        void anEmptyBatchOrNoArray() {
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerAssets(c, "[]"));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerAssets(c, asset("a").json()));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.registerAssets(c, ""));
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.registerAssets(c, "[" + asset("a").json() + ",7]"));
            assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: item 1: an asset description is a JSON object");
        }

        @Test
        void lineageMayNotNameAnAssetOfTheSameBatch() {
            String ownFirst = "A-" + fabric.nextShortTx() + "-0";
            ChaincodeException e = fabric.rejects(ALICE, ErrorCode.LINEAGE_NOT_FOUND,
                    c -> contract.registerAssets(c, batch(asset("a"), asset("b").lineage(ownFirst))));
            assertThat(e.getMessage()).startsWith("LINEAGE_NOT_FOUND: item 1: lineage names asset " + ownFirst);
        }

        @Test
        void onlyAnEnterpriseRegisters() {
            fabric.rejects(BANK, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.registerAssets(c, batch(asset("a"))));
        }
    }
}
