package org.dataright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dataright.cli.asset.RegisterCommand;
import org.dataright.cli.identity.TokenCommand;
import org.dataright.cli.right.EvidenceCommand;
import org.dataright.cli.right.RightCommand;
import org.dataright.ledger.client.RightsVocabulary;
import org.junit.jupiter.api.Test;

/**
 * dpr's option enums are compiled types because picocli needs them (help, completion, case-insensitive
 * values); what they name is the contract's, as the chaincode publishes it, and this test keeps it so.
 */
class ContractVocabularyTest {
    private static final RightsVocabulary CONTRACT = RightsVocabulary.contract();

    @Test
    void tokenRolesAreTheContractsRoles() {
        assertThat(names(TokenCommand.Role.values()).stream().map(n -> n.toLowerCase(Locale.ROOT)).toList())
                .isEqualTo(CONTRACT.roles());
    }

    @Test
    void rightTypesEvidenceKindsAndClassificationsAreTheContracts() {
        assertThat(names(RightCommand.RightType.values())).isEqualTo(CONTRACT.rightTypes());
        assertThat(names(EvidenceCommand.Kind.values())).isEqualTo(CONTRACT.evidenceKinds());
        assertThat(names(RegisterCommand.Classification.values())).isEqualTo(CONTRACT.classifications());
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
