package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The contract's published vocabulary, {@code src/main/resources/rights-contract.json}, is what this
 * chaincode is: its transactions, acts (event names), roles, right types, evidence kinds, asset
 * classifications and error codes. Clients read that file (the ledger client ships it), so they never
 * copy these names by hand. Change an enum or a transaction and this test fails until the file follows:
 * {@code mvn -pl chaincode test -Dtest=ContractDescriptionTest -Ddpr.contract.write=true} rewrites it.
 */
class ContractDescriptionTest {
    static final Path FILE = Path.of("src/main/resources/rights-contract.json");

    @Test
    void thePublishedDescriptionIsTheChaincodes() throws IOException {
        String expected = describe();
        if (Boolean.getBoolean("dpr.contract.write")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("%s is the chaincode's own; rewrite it with -Ddpr.contract.write=true", FILE)
                .isEqualTo(expected);
    }

    /** Fixed property order, one list per line, names in declaration order (transactions sorted). */
    static String describe() {
        List<String> submit = new ArrayList<>();
        List<String> evaluate = new ArrayList<>();
        for (Method m : RightsContract.class.getDeclaredMethods()) {
            Transaction t = m.getAnnotation(Transaction.class);
            if (t != null) {
                (t.intent() == Transaction.TYPE.SUBMIT ? submit : evaluate).add(m.getName());
            }
        }
        submit.sort(null);
        evaluate.sort(null);
        List<String> roles = Arrays.stream(Role.values()).filter(r -> r != Role.NONE)
                .map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
        return "{\n"
                + "  \"contract\": \"rights\",\n"
                + line("submitTransactions", submit)
                + line("evaluateTransactions", evaluate)
                + line("acts", names(Act.values()))
                + line("roles", roles)
                + line("rightTypes", names(RightType.values()))
                + line("evidenceKinds", names(Evidence.Kind.values()))
                + line("classifications", names(Asset.Classification.values()))
                + "  \"errorCodes\": " + list(names(ErrorCode.values())) + "\n"
                + "}\n";
    }

    private static String line(String name, List<String> values) {
        return "  \"" + name + "\": " + list(values) + ",\n";
    }

    private static String list(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toList());
    }
}
