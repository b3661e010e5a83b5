package org.dataright.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Proposal;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RightsVocabularyTest {

    @Test
    void theChaincodesDescriptionIsShipped() {
        RightsVocabulary contract = RightsVocabulary.contract();
        assertThat(contract.roles()).contains("enterprise", "registrar");
        assertThat(contract.errorCodes()).contains("RIGHT_FROZEN", "ASSET_NOT_FOUND");
        assertThat(contract.acts()).contains("REGISTER_ASSET");
    }

    /** Each method of the typed client calls one transaction, and together they call every one the chaincode has. */
    @Test
    void theTypedClientCallsExactlyTheContractsTransactions() throws Exception {
        Contract contract = mock(Contract.class);
        Proposal.Builder builder = mock(Proposal.Builder.class);
        when(contract.newProposal(anyString())).thenReturn(builder);
        when(builder.addArguments(any(String[].class))).thenReturn(builder);
        when(builder.build()).thenThrow(new IllegalStateException("not sent"));
        when(contract.evaluateTransaction(anyString(), any(String[].class))).thenReturn("{}".getBytes(StandardCharsets.UTF_8));
        RightsContract rights = new GatewayRightsContract(contract,
                new LedgerEndpoint("127.0.0.1:1", null, null, "registry", "rights"), 1);

        for (Method method : RightsContract.class.getMethods()) {
            Object[] args = new Object[method.getParameterCount()];
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == boolean.class ? Boolean.FALSE : types[i] == int.class ? Integer.valueOf(1)
                        : types[i] == java.time.Duration.class ? java.time.Duration.ZERO : "x";
            }
            try {
                method.invoke(rights, args);
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).hasMessage("not sent");
            }
        }

        ArgumentCaptor<String> submitted = ArgumentCaptor.forClass(String.class);
        verify(contract, atLeast(0)).newProposal(submitted.capture());
        ArgumentCaptor<String> evaluated = ArgumentCaptor.forClass(String.class);
        verify(contract, atLeast(0)).evaluateTransaction(evaluated.capture(), any(String[].class));
        assertThat(new TreeSet<>(submitted.getAllValues())).isEqualTo(new TreeSet<>(RightsVocabulary.contract()
                .submitTransactions()));
        assertThat(new TreeSet<>(evaluated.getAllValues())).isEqualTo(new TreeSet<>(RightsVocabulary.contract()
                .evaluateTransactions()));
        assertThat(submitted.getAllValues()).as("one act per method").doesNotHaveDuplicates();
        assertThat(evaluated.getAllValues()).as("one query per method").doesNotHaveDuplicates();
    }
}
