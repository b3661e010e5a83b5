package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** The simulated peer behaves as Fabric does where the contract depends on it. */
class FakeFabricTest {
    final FakeFabric fabric = new FakeFabric();

    @Test
    void readsSeeCommittedStateOnlyAndCommitAppliesTheBuffer() {
        FakeFabric.Tx tx = fabric.run(Identity.ALICE, c -> {
            c.getStub().putState("k", "v1".getBytes(StandardCharsets.UTF_8));
            assertThat(c.getStub().getState("k")).isEmpty();
            c.getStub().putState("k", "v2".getBytes(StandardCharsets.UTF_8));
            c.getStub().setEvent("E", new byte[] {1});
            return "ok";
        });
        assertThat(fabric.has("k")).isFalse();
        assertThat(tx.keysWritten()).containsExactly("k", "k");
        fabric.commit(tx);
        assertThat(fabric.state("k")).isEqualTo("v2");
        FakeFabric.Tx del = fabric.run(Identity.ALICE, c -> {
            assertThat(c.getStub().getState("k")).isEqualTo("v2".getBytes(StandardCharsets.UTF_8));
            c.getStub().putState("k", new byte[0]);
            return "deleted";
        });
        assertThat(del.writes.get(0).isDelete()).as("an empty value is a delete on Fabric").isTrue();
        fabric.commit(del);
        assertThat(fabric.has("k")).isFalse();
    }

    @Test
    void aRejectedTransactionCommitsNothing() {
        fabric.rejects(Identity.ALICE, ErrorCode.RIGHT_FROZEN, c -> {
            throw ErrorCode.RIGHT_FROZEN.reject("right %s is frozen", "r-7");
        });
        assertThatThrownBy(() -> fabric.rejects(Identity.ALICE, ErrorCode.RIGHT_FROZEN, c -> {
            c.getStub().putState("k", new byte[] {1});
            throw ErrorCode.RIGHT_FROZEN.reject("right %s is frozen", "r-7");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("writes nothing");
        assertThat(fabric.committedState()).isEmpty();
        assertThatThrownBy(() -> fabric.rejects(Identity.ALICE, ErrorCode.RIGHT_FROZEN, c -> {
            throw new ChaincodeException("RIGHT_FROZEN: but the payload is missing");
        })).isInstanceOf(AssertionError.class);
    }

    @Test
    void transactionIdsAreDistinct64HexAndTheCreatorIsTheCaller() throws Exception {
        String first = fabric.nextTxId();
        FakeFabric.Tx a = fabric.run(Identity.BOB, c -> c.getStub().getTxId());
        FakeFabric.Tx b = fabric.run(Identity.BOB, c -> c.getStub().getTxId());
        assertThat(a.response).isEqualTo(first).matches("[0-9a-f]{64}");
        assertThat(b.response).matches("[0-9a-f]{64}").isNotEqualTo(a.response);
        assertThat(a.response.substring(0, 16)).isNotEqualTo(b.response.substring(0, 16));

        FakeFabric.Tx who = fabric.run(Identity.COURT, c -> {
            ClientIdentity id = c.getClientIdentity();
            return id.getMSPID() + "|" + id.getAttributeValue("role") + "|"
                    + id.getX509Certificate().getSubjectX500Principal().getName();
        });
        assertThat(who.response).isEqualTo("CourtMSP|court|CN=judge,OU=client,O=Court");
        FakeFabric.Tx none = fabric.run(Identity.NOBODY, c -> String.valueOf(c.getClientIdentity().getAttributeValue("role")));
        assertThat(none.response).isEqualTo("null");
    }

    @Test
    void thePeersOwnMspIdIsNotAvailable() {
        assertThatThrownBy(() -> fabric.run(Identity.ALICE, c -> c.getStub().getMspId()))
                .isInstanceOf(AssertionError.class);
    }
}
