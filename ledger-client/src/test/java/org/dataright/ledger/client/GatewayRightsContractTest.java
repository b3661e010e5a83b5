package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dataright.ledger.client.Faults.detail;
import static org.dataright.ledger.client.Faults.status;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status.Code;
import java.nio.charset.StandardCharsets;
import org.dataright.ledger.client.LedgerException.Reason;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/**
 * The retry rule, against a faked gateway contract: how often MVCC conflicts come out of a real peer
 * depends on timing, so the rule is pinned here and the real conflicts are the drills'.
 */
class GatewayRightsContractTest {
    private static final LedgerEndpoint ENDPOINT = new LedgerEndpoint("127.0.0.1:7051", null, null, "registry", "rights");

    private final Contract contract = mock(Contract.class);
    private final Proposal.Builder builder = mock(Proposal.Builder.class);
    private final Proposal proposal = mock(Proposal.class);
    private int proposals;

    GatewayRightsContractTest() {
        when(contract.newProposal("acceptTransfer")).thenReturn(builder);
        when(builder.addArguments(any(String[].class))).thenReturn(builder);
        when(builder.build()).thenReturn(proposal);
    }

    /** Each proposal endorses as a new transaction {@code tx-1}, {@code tx-2}, … that commits with the next code. */
    private void commitsWith(TxValidationCode... codes) throws Exception {
        Transaction[] transactions = new Transaction[codes.length];
        for (int i = 0; i < codes.length; i++) {
            String txId = "tx-" + (i + 1);
            Status status = mock(Status.class);
            when(status.getTransactionId()).thenReturn(txId);
            when(status.getBlockNumber()).thenReturn(10L + i);
            when(status.getCode()).thenReturn(codes[i]);
            when(status.isSuccessful()).thenReturn(codes[i] == TxValidationCode.VALID);
            SubmittedTransaction submitted = mock(SubmittedTransaction.class);
            when(submitted.getStatus()).thenReturn(status);
            when(submitted.getResult()).thenReturn("{\"id\":\"A-1/RESOURCE_HOLDING\"}".getBytes(StandardCharsets.UTF_8));
            Transaction transaction = mock(Transaction.class);
            when(transaction.submitAsync()).thenReturn(submitted);
            transactions[i] = transaction;
        }
        when(proposal.endorse()).thenAnswer(invocation -> transactions[proposals++]);
    }

    @Test
    void anMvccConflictIsProposedAgainAndTheNewTransactionIsWhatCommitted() throws Exception {
        commitsWith(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.VALID);

        Committed committed = new GatewayRightsContract(contract, ENDPOINT, 3).acceptTransfer("A-1/RESOURCE_HOLDING");

        assertThat(committed.transactionId()).isEqualTo("tx-3");
        assertThat(committed.blockNumber()).isEqualTo(12);
        assertThat(committed.result().path("id").asText()).isEqualTo("A-1/RESOURCE_HOLDING");
        verify(contract, times(3)).newProposal("acceptTransfer");
    }

    @Test
    void theLastConflictIsReportedWithItsTransaction() throws Exception {
        commitsWith(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.MVCC_READ_CONFLICT);

        assertThatThrownBy(() -> new GatewayRightsContract(contract, ENDPOINT, 2).acceptTransfer("A-1/RESOURCE_HOLDING"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_COMMITTED);
                    assertThat(e.code()).isEqualTo("MVCC_READ_CONFLICT");
                    assertThat(e.transactionId()).isEqualTo("tx-2");
                    assertThat(e.blockNumber()).isEqualTo(11);
                    assertThat(e.getMessage()).isEqualTo("acceptTransfer lost a race with another transaction 2 times "
                            + "(last tx-2, block 11)");
                });
        verify(contract, times(2)).newProposal("acceptTransfer");
    }

    @Test
    void oneAttemptMeansNoRetry() throws Exception {
        commitsWith(TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.VALID);

        assertThatThrownBy(() -> new GatewayRightsContract(contract, ENDPOINT, 1).acceptTransfer("A-1/RESOURCE_HOLDING"))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.transactionId()).isEqualTo("tx-1"));
        verify(contract, times(1)).newProposal("acceptTransfer");
    }

    @Test
    void noOtherValidationCodeIsRetried() throws Exception {
        commitsWith(TxValidationCode.ENDORSEMENT_POLICY_FAILURE, TxValidationCode.VALID);

        assertThatThrownBy(() -> new GatewayRightsContract(contract, ENDPOINT, 3).acceptTransfer("A-1/RESOURCE_HOLDING"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo("ENDORSEMENT_POLICY_FAILURE");
                    assertThat(e.getMessage()).isEqualTo("transaction tx-1 (acceptTransfer) was ordered into block 10 but "
                            + "not committed: validation code ENDORSEMENT_POLICY_FAILURE");
                });
        verify(contract, times(1)).newProposal("acceptTransfer");
    }

    @Test
    void aChaincodeRefusalIsNotRetried() throws Exception {
        when(proposal.endorse()).thenThrow(new EndorseException("tx-1", status(Code.ABORTED,
                "failed to endorse transaction, see attached details for more info",
                detail("Org1MSP", "127.0.0.1:7051", "chaincode response 500, NOT_RECEIVER: only the receiver may accept"))));

        assertThatThrownBy(() -> new GatewayRightsContract(contract, ENDPOINT, 3).acceptTransfer("A-1/RESOURCE_HOLDING"))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo("NOT_RECEIVER"));
        verify(contract, times(1)).newProposal("acceptTransfer");
    }

    @Test
    void aQueryThatDoesNotAnswerJsonIsUnreadable() throws Exception {
        when(contract.evaluateTransaction("getAsset", "A-1")).thenReturn("not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new GatewayRightsContract(contract, ENDPOINT, 3).asset("A-1"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNREADABLE_ANSWER);
                    assertThat(e.code()).isEqualTo("LEDGER_ERROR");
                });
    }

    @Test
    void optionalArgumentsGoAsEmptyStrings() throws Exception {
        when(contract.evaluateTransaction("getRightsByHolder", "Org1MSP::CN=a", "50", "")).thenReturn("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(new GatewayRightsContract(contract, ENDPOINT, 3).rightsByHolder("Org1MSP::CN=a", 50, null).isObject()).isTrue();
    }
}
