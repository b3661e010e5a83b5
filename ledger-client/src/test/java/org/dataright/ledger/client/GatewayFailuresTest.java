package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.ledger.client.Faults.detail;
import static org.dataright.ledger.client.Faults.status;

import io.grpc.Status.Code;
import org.dataright.ledger.client.LedgerException.Reason;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The statuses and words of Fabric 2.5's gateway ({@code internal/pkg/gateway}) and of gRPC itself, faked. */
class GatewayFailuresTest {
    private static final LedgerEndpoint FABRIC = new LedgerEndpoint("peer0.org1.example.com:7051", "PEM",
            "peer0.org1.example.com", "registry", "rights");
    private static final String TX = "7c1f";

    private static LedgerException classify(GatewayException e) {
        return GatewayFailures.classify(e, "acceptTransfer", FABRIC);
    }

    @Nested
    class ChaincodeRefusals {
        @Test
        void anEndorsersDetailKeepsTheContractsCode() {
            LedgerException e = classify(new EndorseException(TX, status(Code.ABORTED,
                    "failed to endorse transaction, see attached details for more info",
                    detail("Org1MSP", "peer0.org1.example.com:7051",
                            "chaincode response 500, RIGHT_FROZEN: right A-1/RESOURCE_HOLDING is frozen by case (2025) 7"))));

            assertThat(e.reason()).isEqualTo(Reason.CHAINCODE_REFUSED);
            assertThat(e.code()).isEqualTo("RIGHT_FROZEN");
            assertThat(e.getMessage()).isEqualTo("right A-1/RESOURCE_HOLDING is frozen by case (2025) 7");
            assertThat(e.transactionId()).isEqualTo(TX);
        }

        @Test
        void anEvaluateDescriptionKeepsTheContractsCode() {
            LedgerException e = classify(new GatewayException(status(Code.UNKNOWN,
                    "evaluate call to endorser returned error: chaincode response 500, ASSET_NOT_FOUND: asset A-1 is not registered")));

            assertThat(e.code()).isEqualTo("ASSET_NOT_FOUND");
            assertThat(e.getMessage()).isEqualTo("asset A-1 is not registered");
            assertThat(e.transactionId()).isNull();
        }
    }

    /** The embedded peer's own refusals, in its exact words: a code of the peer's, not the contract's; nothing recorded. */
    @Nested
    class PeerRefusals {
        @Test
        void aProposalDatedOutsideThePeersWindowKeepsItsCodeAsTheGatewaysRefusal() {
            LedgerException e = classify(new EndorseException(TX, status(Code.ABORTED,
                    "failed to endorse transaction, see attached details for more info",
                    detail("RegistryMSP", "127.0.0.1:7051", "error validating proposal: TIMESTAMP_OUT_OF_WINDOW: the proposal "
                            + "is dated 2026-12-03T15:47:00Z, 1680 s behind this peer's time 2026-12-03T16:15:00Z; the peer "
                            + "accepts timestamps within 60 s of its clock, so set the client's clock right and send it again"))));

            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.code()).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
            assertThat(e.getMessage()).startsWith("the proposal is dated 2026-12-03T15:47:00Z, 1680 s behind this peer's time "
                    + "2026-12-03T16:15:00Z; the peer accepts timestamps within 60 s");
            assertThat(e.transactionId()).isEqualTo(TX);
        }

        @Test
        void theOrderersRefusalOfALateTransactionKeepsItsCodeToo() {
            LedgerException e = classify(new SubmitException(TX, status(Code.ABORTED,
                    "received unsuccessful response from orderer: status=BAD_REQUEST, info=TIMESTAMP_OUT_OF_WINDOW: the "
                            + "transaction is dated 2026-12-03T16:00:00Z, 900 s behind this peer's time 2026-12-03T16:15:00Z")));

            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.code()).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
        }

        @Test
        void aDamagedBlockIsNamedWithThePeersCode() {
            LedgerException e = classify(new GatewayException(status(Code.UNKNOWN,
                    "evaluate call to endorser returned error: chaincode response 500, LEDGER_DAMAGED: block 5 of channel "
                            + "registry is damaged in this peer's ledger (blockfile_000000 at offset 1234: checksum mismatch)")));

            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.code()).isEqualTo("LEDGER_DAMAGED");
            assertThat(e.getMessage()).startsWith("block 5 of channel registry is damaged");
        }
    }

    @Nested
    class AnEndpointThatDoesNotAnswer {
        @Test
        void aRefusedConnectionIsUnreachable() {
            LedgerException e = classify(new GatewayException(status(Code.UNAVAILABLE, "io exception")));

            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.code()).isEqualTo("LEDGER_UNREACHABLE");
            assertThat(e.getMessage()).isEqualTo(
                    "the ledger endpoint peer0.org1.example.com:7051 cannot be reached (UNAVAILABLE: io exception)");
        }

        @Test
        void aClientDeadlineIsUnreachable() {
            assertThat(classify(new EndorseException(TX, status(Code.DEADLINE_EXCEEDED,
                    "deadline exceeded after 59.999s. Name resolution delay 0.001 seconds."))).reason())
                    .isEqualTo(Reason.UNREACHABLE);
        }
    }

    @Nested
    class AnOrderingServiceThatTakesNothing {
        @Test
        void noRaftLeaderIsOrderingUnavailableNotAnUnreachablePeer() {
            LedgerException e = classify(new SubmitException(TX, status(Code.UNAVAILABLE,
                    "no orderers could successfully process transaction",
                    detail("OrdererMSP", "orderer0.example.com:7050", "received unsuccessful response from orderer: "
                            + "status=SERVICE_UNAVAILABLE, info=no Raft leader"),
                    detail("OrdererMSP", "orderer1.example.com:7050", "rpc error: code = Unavailable desc = connection refused"))));

            assertThat(e.reason()).isEqualTo(Reason.ORDERING_UNAVAILABLE);
            assertThat(e.code()).isEqualTo("ORDERING_UNAVAILABLE");
            assertThat(e.getMessage())
                    .startsWith("the peer at peer0.org1.example.com:7051 endorsed acceptTransfer, but the ordering service took nothing")
                    .contains("no Raft leader", "orderer1.example.com:7050")
                    .doesNotContain("cannot be reached");
            assertThat(e.transactionId()).isEqualTo(TX);
        }

        @Test
        void aBftQuorumNotReachedIsOrderingUnavailable() {
            assertThat(classify(new SubmitException(TX, status(Code.UNAVAILABLE, "insufficient number of orderers could "
                    + "successfully process transaction to satisfy quorum requirement"))).reason())
                    .isEqualTo(Reason.ORDERING_UNAVAILABLE);
        }

        @Test
        void theGatewaysOwnSubmitTimeoutIsOrderingUnavailable() {
            assertThat(classify(new SubmitException(TX, status(Code.DEADLINE_EXCEEDED,
                    "submit timeout expired while broadcasting to ordering service"))).reason())
                    .isEqualTo(Reason.ORDERING_UNAVAILABLE);
        }

        @Test
        void anOrdererThatRefusesTheTransactionIsARefusal() {
            LedgerException e = classify(new SubmitException(TX, status(Code.ABORTED,
                    "received unsuccessful response from orderer: status=FORBIDDEN, info=implicit policy evaluation failed")));

            assertThat(e.reason()).isEqualTo(Reason.REFUSED);
            assertThat(e.code()).isEqualTo("LEDGER_REJECTED");
        }
    }

    @Nested
    class AnEndorsementPlanThatCannotBeMade {
        @Test
        void noCombinationOfPeersNamesThePolicyNotARejection() {
            LedgerException e = classify(new EndorseException(TX, status(Code.FAILED_PRECONDITION,
                    "no combination of peers can be derived which satisfy the endorsement policy: "
                            + "no peer combination can satisfy the endorsement policy")));

            assertThat(e.reason()).isEqualTo(Reason.ENDORSEMENT_POLICY_UNSATISFIABLE);
            assertThat(e.code()).isEqualTo("ENDORSEMENT_POLICY_UNSATISFIABLE");
            assertThat(e.getMessage()).startsWith("no set of the peers that are up satisfies the endorsement policy of "
                    + "chaincode rights on channel registry, so acceptTransfer cannot be endorsed (FAILED_PRECONDITION: ");
        }

        /** What Fabric 2.5.16's gateway answered with the other two organisations' peers stopped (FabricNetworkIT). */
        @Test
        void endorsersThatDidNotAnswerLeaveThePolicyUnsatisfiedNotARejection() {
            LedgerException e = classify(new EndorseException(TX, status(Code.ABORTED,
                    "failed to collect enough transaction endorsements, see attached details for more info",
                    detail("ExchangeOrgMSP", "127.0.0.1:8051", "rpc error: code = Unavailable desc = connection error: "
                            + "desc = \"transport: Error while dialing: dial tcp 127.0.0.1:8051: connect: connection refused\""))));

            assertThat(e.reason()).isEqualTo(Reason.ENDORSEMENT_POLICY_UNSATISFIABLE);
            assertThat(e.getMessage()).startsWith("no set of the peers that are up satisfies the endorsement policy of "
                    + "chaincode rights on channel registry, so acceptTransfer cannot be endorsed (ABORTED: ")
                    .contains("ExchangeOrgMSP 127.0.0.1:8051: rpc error: code = Unavailable");
        }

        @Test
        void olderGatewaysSayItWithUnavailableAndAreStillNoUnreachablePeer() {
            assertThat(classify(new EndorseException(TX, status(Code.UNAVAILABLE,
                    "failed to select a set of endorsers that satisfy the endorsement policy"))).reason())
                    .isEqualTo(Reason.ENDORSEMENT_POLICY_UNSATISFIABLE);
            assertThat(classify(new EndorseException(TX, status(Code.FAILED_PRECONDITION,
                    "no combination of peers can be derived which satisfy the endorsement policy: failed constructing "
                            + "descriptor for chaincodes:<name:\"rights\" >"))).reason())
                    .isEqualTo(Reason.ENDORSEMENT_POLICY_UNSATISFIABLE);
        }
    }

    @Test
    void aCommitStatusThatCannotBeReadMayStillBeCommitted() {
        LedgerException e = classify(new CommitStatusException(TX, status(Code.UNAVAILABLE, "io exception")));

        assertThat(e.reason()).isEqualTo(Reason.COMMIT_STATUS_UNKNOWN);
        assertThat(e.getMessage()).startsWith("transaction 7c1f (acceptTransfer) was sent to the orderer, but its commit "
                + "status could not be read: UNAVAILABLE: io exception");
    }

    @Test
    void anyOtherRefusalSaysEverythingThePeerSaid() {
        LedgerException e = classify(new EndorseException(TX, status(Code.PERMISSION_DENIED, "access denied",
                detail("Org2MSP", "peer0.org2.example.com:9051", "creator is not a member"))));

        assertThat(e.reason()).isEqualTo(Reason.REFUSED);
        assertThat(e.getMessage()).isEqualTo("acceptTransfer was refused: PERMISSION_DENIED: access denied; "
                + "Org2MSP peer0.org2.example.com:9051: creator is not a member");
    }
}
