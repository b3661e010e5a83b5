package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each validation rule, with real signed envelopes. */
class ValidationTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final String CC = TestNetwork.CHAINCODE;

    @TempDir
    Path dir;
    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(NET.options(dir));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private List<TxValidationCode> commit(Envelope... envelopes) {
        return ledger.commitBlock(List.of(envelopes)).transactions().stream().map(TxResult::code).toList();
    }

    private Version versionOf(String key) {
        return ledger.getState(CC, key).orElseThrow().version();
    }

    @Nested
    class Creator {
        @Test
        void envelopeSignedWithAnotherKeyIsBadCreatorSignature() {
            assertThat(commit(NET.tx().write("k", "v").envelopeSignedBy(NET.courtPeer).build()))
                    .containsExactly(TxValidationCode.BAD_CREATOR_SIGNATURE);
            assertThat(ledger.getState(CC, "k")).isEmpty();
        }

        @Test
        void creatorFromAnUnknownCaIsBadCreatorSignature() {
            CertificateAuthority rogue = CertificateAuthority.create("ca.bank");
            SigningIdentity mallory = rogue.enroll("BankMSP", "mallory", MSPRoleType.CLIENT, Map.of());
            assertThat(commit(NET.tx().creator(mallory).write("k", "v").build()))
                    .containsExactly(TxValidationCode.BAD_CREATOR_SIGNATURE);
        }

        @Test
        void creatorOfAnUnknownMspIsBadCreatorSignature() {
            SigningIdentity stranger = new SigningIdentity(
                    new FabricIdentity("StrangerMSP", NET.client.certificate()), NET.client.privateKey());
            assertThat(commit(NET.tx().creator(stranger).write("k", "v").build()))
                    .containsExactly(TxValidationCode.BAD_CREATOR_SIGNATURE);
        }

        @Test
        void expiredCreatorIsBadCreatorSignature() {
            var keys = CertificateAuthority.newKeyPair();
            var cert = NET.bankCa.issue(keys.getPublic(), "old", MSPRoleType.CLIENT, Map.of(),
                    Instant.now().minus(Duration.ofDays(30)), Duration.ofDays(1));
            SigningIdentity expired = new SigningIdentity(new FabricIdentity("BankMSP", cert), keys.getPrivate());
            assertThat(commit(NET.tx().creator(expired).write("k", "v").build()))
                    .containsExactly(TxValidationCode.BAD_CREATOR_SIGNATURE);
        }
    }

    @Test
    void txIdNotDerivedFromNonceAndCreatorIsBadProposalTxId() {
        assertThat(commit(NET.tx().txId("0".repeat(64)).write("k", "v").build()))
                .containsExactly(TxValidationCode.BAD_PROPOSAL_TXID);
    }

    @Test
    void transactionForAnotherChannelIsTargetChainNotFound() {
        assertThat(commit(NET.tx().channel("elsewhere").write("k", "v").build()))
                .containsExactly(TxValidationCode.TARGET_CHAIN_NOT_FOUND);
    }

    @Test
    void responseToAnotherProposalIsInvalidEndorserTransaction() {
        assertThat(commit(NET.tx().tamperProposalHash().write("k", "v").build()))
                .containsExactly(TxValidationCode.INVALID_ENDORSER_TRANSACTION);
    }

    @Test
    void garbageIsRefusedWithoutHarm() {
        Envelope noPayload = Envelope.newBuilder().setSignature(ByteString.copyFromUtf8("x")).build();
        Envelope badPayload = Envelope.newBuilder().setPayload(ByteString.copyFrom(new byte[] {(byte) 0xFF, 1, 2})).build();
        assertThat(commit(noPayload, badPayload, NET.tx().write("k", "v").build()))
                .containsExactly(TxValidationCode.NIL_ENVELOPE, TxValidationCode.BAD_PAYLOAD, TxValidationCode.VALID);
    }

    @Nested
    class Duplicates {
        @Test
        void txIdAlreadyInTheLedgerIsDuplicate() {
            byte[] nonce = new byte[24];
            nonce[0] = 7;
            assertThat(commit(NET.tx().nonce(nonce).write("k", "v1").build())).containsExactly(TxValidationCode.VALID);
            assertThat(commit(NET.tx().nonce(nonce).write("k", "v2").build())).containsExactly(TxValidationCode.DUPLICATE_TXID);
            assertThat(ledger.getState(CC, "k").orElseThrow().value().toStringUtf8()).isEqualTo("v1");
        }

        @Test
        void txIdEarlierInTheSameBlockIsDuplicate() {
            byte[] nonce = new byte[24];
            nonce[0] = 9;
            TxBuilder first = NET.tx().nonce(nonce).write("k", "v1");
            assertThat(commit(first.build(), NET.tx().nonce(nonce).write("j", "v2").build()))
                    .containsExactly(TxValidationCode.VALID, TxValidationCode.DUPLICATE_TXID);
            assertThat(ledger.getTxStatus(first.txId())).contains(new TxStatus(1, 0, TxValidationCode.VALID));
            assertThat(ledger.getState(CC, "j")).isEmpty();
        }

        @Test
        void anInvalidTransactionStillUsesUpItsTxId() {
            byte[] nonce = new byte[24];
            nonce[0] = 11;
            assertThat(commit(NET.tx().nonce(nonce).endorsedBy(NET.bankPeer).write("k", "v").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
            assertThat(commit(NET.tx().nonce(nonce).write("k", "v").build())).containsExactly(TxValidationCode.DUPLICATE_TXID);
        }
    }

    @Nested
    class Endorsement {
        @Test
        void registryAndOneOtherOrganisationSatisfyThePolicy() {
            assertThat(commit(NET.tx().endorsedBy(NET.registryPeer, NET.courtPeer).write("k", "v").build()))
                    .containsExactly(TxValidationCode.VALID);
        }

        @Test
        void registryAloneFailsThePolicy() {
            assertThat(commit(NET.tx().endorsedBy(NET.registryPeer).write("k", "v").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }

        @Test
        void theSameEndorserTwiceCountsOnce() {
            assertThat(commit(NET.tx().endorsedBy(NET.bankPeer, NET.bankPeer).write("k", "v").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }

        @Test
        void forgedEndorsementSignaturesDoNotCount() {
            assertThat(commit(NET.tx().endorsementsSignedBy(NET.client).write("k", "v").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }

        @Test
        void aClientIsNotAPeer() {
            SigningIdentity registryClient = NET.registryCa.enroll("RegistryMSP", "op", MSPRoleType.CLIENT, Map.of());
            assertThat(commit(NET.tx().endorsedBy(registryClient, NET.bankPeer).write("k", "v").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }

        @Test
        void noEndorsementsFailThePolicy() {
            assertThat(commit(NET.tx().endorsedBy().write("k", "v").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }
    }

    @Nested
    class Mvcc {
        @Test
        void twoTransactionsReadingAndWritingTheSameVersionInOneBlockConflict() {
            commit(NET.tx().write("balance", "100").build());
            Version v = versionOf("balance");
            Envelope first = NET.tx().read("balance", v).write("balance", "90").build();
            Envelope second = NET.tx().read("balance", v).write("balance", "80").build();
            assertThat(commit(first, second)).containsExactly(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(ledger.getState(CC, "balance").orElseThrow().value().toStringUtf8()).isEqualTo("90");
        }

        @Test
        void aStaleReadFromAnEarlierBlockConflicts() {
            commit(NET.tx().write("k", "1").build());
            Version old = versionOf("k");
            commit(NET.tx().write("k", "2").build());
            assertThat(commit(NET.tx().read("k", old).write("k", "3").build())).containsExactly(TxValidationCode.MVCC_READ_CONFLICT);
        }

        @Test
        void readingAnAbsentKeyConflictsOnceItExists() {
            Envelope reader = NET.tx().read("new", null).write("other", "x").build();
            commit(NET.tx().write("new", "1").build());
            assertThat(commit(reader)).containsExactly(TxValidationCode.MVCC_READ_CONFLICT);
        }

        @Test
        void readingAKeyDeletedEarlierInTheBlockConflicts() {
            commit(NET.tx().write("k", "1").build());
            Version v = versionOf("k");
            assertThat(commit(NET.tx().delete("k").build(), NET.tx().read("k", v).build()))
                    .containsExactly(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
        }

        @Test
        void blindWritesNeverConflict() {
            assertThat(commit(NET.tx().write("k", "1").build(), NET.tx().write("k", "2").build()))
                    .containsExactly(TxValidationCode.VALID, TxValidationCode.VALID);
            assertThat(versionOf("k").getTxNum()).isEqualTo(1);
        }

        @Test
        void aReadOfTheCurrentVersionIsValid() {
            commit(NET.tx().write("k", "1").build());
            assertThat(commit(NET.tx().read("k", versionOf("k")).write("k", "2").build())).containsExactly(TxValidationCode.VALID);
        }

        @Test
        void anInvalidTransactionsWritesDoNotConflictWithLaterOnes() {
            commit(NET.tx().write("k", "1").build());
            Version v = versionOf("k");
            Envelope invalid = NET.tx().endorsedBy(NET.bankPeer).write("k", "x").build();
            assertThat(commit(invalid, NET.tx().read("k", v).write("k", "2").build()))
                    .containsExactly(TxValidationCode.ENDORSEMENT_POLICY_FAILURE, TxValidationCode.VALID);
        }
    }

    @Nested
    class Phantoms {
        @BeforeEach
        void seed() {
            commit(NET.tx().write("r1", "a").write("r3", "c").build());
        }

        @Test
        void anUnchangedRangeIsValid() {
            List<StateEntry> seen = ledger.getStateRange(CC, "r", "s");
            assertThat(commit(NET.tx().rangeRead("r", "s", true, seen).write("out", "x").build()))
                    .containsExactly(TxValidationCode.VALID);
        }

        @Test
        void aKeyInsertedIntoTheRangeIsAPhantom() {
            List<StateEntry> seen = ledger.getStateRange(CC, "r", "s");
            commit(NET.tx().write("r2", "b").build());
            assertThat(commit(NET.tx().rangeRead("r", "s", true, seen).write("out", "x").build()))
                    .containsExactly(TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void aKeyInsertedEarlierInTheSameBlockIsAPhantom() {
            List<StateEntry> seen = ledger.getStateRange(CC, "r", "s");
            assertThat(commit(NET.tx().write("r2", "b").build(), NET.tx().rangeRead("r", "s", true, seen).build()))
                    .containsExactly(TxValidationCode.VALID, TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void aKeyDeletedFromTheRangeIsAPhantom() {
            List<StateEntry> seen = ledger.getStateRange(CC, "r", "s");
            assertThat(commit(NET.tx().delete("r3").build(), NET.tx().rangeRead("r", "s", true, seen).build()))
                    .containsExactly(TxValidationCode.VALID, TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void aKeyUpdatedInTheRangeIsAPhantom() {
            List<StateEntry> seen = ledger.getStateRange(CC, "r", "s");
            commit(NET.tx().write("r1", "changed").build());
            assertThat(commit(NET.tx().rangeRead("r", "s", true, seen).build()))
                    .containsExactly(TxValidationCode.PHANTOM_READ_CONFLICT);
        }

        @Test
        void anUnexhaustedRangeIgnoresKeysAfterTheLastOneRead() {
            List<StateEntry> seen = ledger.getStateRange(CC, "r", "s").subList(0, 1);
            commit(NET.tx().write("r2", "b").build());
            // Read only r1 and stopped: end key is the last key read, included.
            assertThat(commit(NET.tx().rangeRead("r", "r1", false, seen).build())).containsExactly(TxValidationCode.VALID);
        }
    }

    @Test
    void identitiesAreCheckedAtTheLedgersClockTime(@TempDir Path other) {
        Instant future = Instant.now().plus(Duration.ofDays(400));
        try (Ledger later = Ledger.open(NET.options(other).withClock(Clock.fixed(Instant.now(), ZoneOffset.UTC)))) {
            assertThat(later.commitBlock(List.of(NET.tx().write("k", "v").build())).transactions().get(0).code())
                    .isEqualTo(TxValidationCode.VALID);
        }
        try (Ledger later = Ledger.open(LedgerOptions.of(other, NET.orderer).withClock(Clock.fixed(future, ZoneOffset.UTC)))) {
            // Unreachable: the orderer's own certificate has expired by then.
            throw new AssertionError("opened with an expired orderer certificate at " + later.height());
        } catch (LedgerException e) {
            assertThat(e).hasMessageContaining("expired");
        }
    }
}
