package org.dataright.peer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.SigningIdentity;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each signature verified once per process: what is reused, and every edge where it must not be. */
class VerifiedSignaturesTest {
    private static final TestNetwork NET = new TestNetwork();
    private static final ChannelMembership MEMBERS = NET.config.membership();

    private static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static ByteString sign(SigningIdentity who, ByteString message) {
        return ByteString.copyFrom(who.sign(message.toByteArray()));
    }

    @Nested
    class Alone {
        private final VerifiedSignatures signatures = new VerifiedSignatures(100);
        private final Instant now = Instant.now();

        @Test
        void aSignatureVerifiedOnceIsNotVerifiedAgain() throws Exception {
            ByteString message = bytes("the envelope's payload");
            ByteString signature = sign(NET.client, message);
            signatures.verify(MEMBERS, NET.client.serialized(), message, signature, now);
            assertThat(signatures.verify(MEMBERS, NET.client.serialized(), message, signature, now).mspId()).isEqualTo("BankMSP");
            assertThat(signatures.verifiedCount()).isEqualTo(1);
            assertThat(signatures.reusedCount()).isEqualTo(1);
        }

        @Test
        void anotherMessageUnderAKnownSignatureIsVerifiedAndRefused() throws Exception {
            ByteString message = bytes("pay 10 to bob");
            ByteString signature = sign(NET.client, message);
            signatures.verify(MEMBERS, NET.client.serialized(), message, signature, now);
            assertThatThrownBy(() -> signatures.verify(MEMBERS, NET.client.serialized(), bytes("pay 99 to bob"), signature, now))
                    .isInstanceOf(IdentityException.class).hasMessageContaining("does not verify");
            assertThat(signatures.reusedCount()).isZero();
        }

        @Test
        void aKnownSignatureClaimedByAnotherSignerIsVerifiedAndRefused() throws Exception {
            ByteString message = bytes("endorsed payload");
            ByteString signature = sign(NET.registryPeer, message);
            signatures.signed(NET.registryPeer.serialized(), message, signature);
            assertThatThrownBy(() -> signatures.verify(MEMBERS, NET.bankPeer.serialized(), message, signature, now))
                    .isInstanceOf(IdentityException.class).hasMessageContaining("does not verify");
        }

        @Test
        void aKnownSignatureStillNeedsASignerValidAtThatInstant() throws Exception {
            ByteString message = bytes("late");
            ByteString signature = sign(NET.client, message);
            signatures.verify(MEMBERS, NET.client.serialized(), message, signature, now);
            Instant expired = NET.client.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
            assertThatThrownBy(() -> signatures.verify(MEMBERS, NET.client.serialized(), message, signature, expired))
                    .isInstanceOf(IdentityException.class).hasMessageContaining("certificate");
        }

        @Test
        void aSignatureThatFailedIsNotRemembered() {
            ByteString message = bytes("forged");
            ByteString signature = sign(NET.courtPeer, message);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> signatures.verify(MEMBERS, NET.client.serialized(), message, signature, now))
                        .isInstanceOf(IdentityException.class);
            }
            assertThat(signatures.reusedCount()).isZero();
        }

        @Test
        void anOwnSignatureIsNeverVerified() throws Exception {
            ByteString message = bytes("response payload and endorser");
            ByteString signature = sign(NET.registryPeer, message);
            signatures.signed(NET.registryPeer.serialized(), message, signature);
            signatures.verify(MEMBERS, NET.registryPeer.serialized(), message, signature, now);
            assertThat(signatures.verifiedCount()).isZero();
            assertThat(signatures.reusedCount()).isEqualTo(1);
        }

        @Test
        void theOldestGenerationIsForgottenAndVerifiedAgain() throws Exception {
            VerifiedSignatures small = new VerifiedSignatures(2);
            ByteString first = bytes("first");
            ByteString firstSignature = sign(NET.client, first);
            small.verify(MEMBERS, NET.client.serialized(), first, firstSignature, now);
            for (int i = 0; i < 4; i++) {
                ByteString m = bytes("later " + i);
                small.signed(NET.client.serialized(), m, sign(NET.client, m));
            }
            small.verify(MEMBERS, NET.client.serialized(), first, firstSignature, now);
            assertThat(small.verifiedCount()).isEqualTo(2);
            assertThat(small.reusedCount()).isZero();
        }
    }

    /** Through the ledger: what the orderer verified and the peer signed is reused at validation, nothing else. */
    @Nested
    class AtValidation {
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

        private TxValidationCode commit(Envelope envelope) {
            return ledger.commitBlock(List.of(envelope)).transactions().get(0).code();
        }

        private void ordered(Envelope envelope) throws Exception {
            ByteString creator = SignatureHeader.parseFrom(Payload.parseFrom(envelope.getPayload()).getHeader().getSignatureHeader())
                    .getCreator();
            ledger.verifiedSignatures().verify(MEMBERS, creator, envelope.getPayload(), envelope.getSignature(), Instant.now());
        }

        @Test
        void theCreatorSignatureTheOrdererVerifiedIsReused() throws Exception {
            Envelope envelope = NET.tx().write("k", "v").build();
            ordered(envelope);
            assertThat(commit(envelope)).isEqualTo(TxValidationCode.VALID);
            // the orderer's check and the two endorsements, made by other processes
            assertThat(ledger.verifiedSignatures().verifiedCount()).isEqualTo(3);
            assertThat(ledger.verifiedSignatures().reusedCount()).isEqualTo(1);
        }

        @Test
        void anEndorsementThisPeerSignedIsReused() throws Exception {
            Envelope envelope = NET.tx().write("k", "v").build();
            Endorsement own = endorsements(envelope).get(0);
            assertThat(own.getEndorser()).isEqualTo(NET.registryPeer.serialized());
            ByteString signed = ChaincodeActionPayload.parseFrom(action(envelope)).getAction().getProposalResponsePayload()
                    .concat(own.getEndorser());
            ledger.verifiedSignatures().signed(own.getEndorser(), signed, own.getSignature());
            assertThat(commit(envelope)).isEqualTo(TxValidationCode.VALID);
            assertThat(ledger.verifiedSignatures().reusedCount()).isEqualTo(1);
        }

        @Test
        void anEnvelopeChangedAfterOrderingIsVerifiedInFullAndRefused() throws Exception {
            Envelope envelope = NET.tx().write("k", "v").build();
            ordered(envelope);
            Envelope other = NET.tx().write("k", "stolen").build();
            Envelope tampered = envelope.toBuilder().setPayload(other.getPayload()).build();
            assertThat(commit(tampered)).isEqualTo(TxValidationCode.BAD_CREATOR_SIGNATURE);
            assertThat(ledger.getState(TestNetwork.CHAINCODE, "k")).isEmpty();
        }

        @Test
        void anEnvelopeNotOrderedByThisProcessIsVerifiedInFull() {
            assertThat(commit(NET.tx().write("k", "v").build())).isEqualTo(TxValidationCode.VALID);
            assertThat(ledger.verifiedSignatures().verifiedCount()).isEqualTo(3);
            assertThat(ledger.verifiedSignatures().reusedCount()).isZero();
            assertThat(commit(NET.tx().write("k2", "v").envelopeSignedBy(NET.courtPeer).build()))
                    .isEqualTo(TxValidationCode.BAD_CREATOR_SIGNATURE);
        }

        private ByteString action(Envelope envelope) throws Exception {
            return Transaction.parseFrom(Payload.parseFrom(envelope.getPayload()).getData()).getActions(0).getPayload();
        }

        private List<Endorsement> endorsements(Envelope envelope) throws Exception {
            return ChaincodeActionPayload.parseFrom(action(envelope)).getAction().getEndorsementsList();
        }
    }
}
