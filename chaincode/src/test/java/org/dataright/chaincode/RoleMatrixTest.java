package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's role × act table, cell by cell: every act for every role (and for a caller with no role).
 * An allowed role gets past the role check; with the ledger prepared for it, the act succeeds. A
 * forbidden role is refused with ROLE_NOT_ALLOWED and nothing is written.
 */
class RoleMatrixTest extends ContractTestSupport {

    static Stream<Arguments> everyActForEveryRole() {
        List<Arguments> cells = new ArrayList<>();
        for (ActScenarios.Scenario s : ActScenarios.all()) {
            for (Role role : Role.values()) {
                cells.add(Arguments.of(s, role));
            }
        }
        return cells.stream();
    }

    static Stream<Arguments> everyQueryForEveryRole() {
        List<Arguments> cells = new ArrayList<>();
        for (ActScenarios.Scenario s : ActScenarios.queries()) {
            for (Role role : Role.values()) {
                cells.add(Arguments.of(s, role));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyActForEveryRole")
    void act(ActScenarios.Scenario scenario, Role role) {
        ActScenarios.Prepared prepared = scenario.prepare(this);
        Identity actor = scenario.actor(prepared, role);
        assertThat(Role.parse(actor.role)).isEqualTo(role);
        if (scenario.allowed.contains(role)) {
            FakeFabric.Tx tx = fabric.submit(actor, prepared.act);
            assertThat(tx.writes).as("an allowed act writes").isNotEmpty();
        } else {
            fabric.rejects(actor, ErrorCode.ROLE_NOT_ALLOWED, prepared.act);
        }
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyQueryForEveryRole")
    void query(ActScenarios.Scenario scenario, Role role) {
        ActScenarios.Prepared prepared = scenario.prepare(this);
        String response = fabric.evaluate(scenario.actor(prepared, role), prepared.act);
        assertThat(response).isNotBlank();
    }

    @Test
    void anUnknownRoleAttributeIsNoRole() {
        assertThat(Role.parse(Identity.AUDITOR.role)).isEqualTo(Role.NONE);
        for (ActScenarios.Scenario scenario : ActScenarios.all()) {
            ActScenarios.Fresh t = new ActScenarios.Fresh();
            ActScenarios.Prepared prepared = scenario.prepare(t);
            t.fabric.rejects(Identity.AUDITOR, ErrorCode.ROLE_NOT_ALLOWED, prepared.act);
        }
    }

    @Test
    void theRoleComesFromTheCertificatesAttributeNotFromTheOrganisation() {
        // an enterprise certificate issued by the court's organisation is an enterprise, not a court
        Identity enterpriseAtCourt = Identity.enterprise("CourtMSP", "clerk");
        String assetId = register(enterpriseAtCourt, "court's own data");
        fabric.rejects(enterpriseAtCourt, ErrorCode.ROLE_NOT_ALLOWED,
                c -> contract.freeze(c, assetId, "case", digest("order")));
        // an attribute extension with other attributes but no role is no role
        Identity noRole = Identity.withAttributes("Org1MSP", "hf-only", "{\"attrs\":{\"hf.Type\":\"client\"}}");
        fabric.rejects(noRole, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.registerAsset(c, asset("x").json()));
    }

    @Test
    void everyTransactionOfTheContractIsInTheMatrix() {
        TreeSet<String> submit = new TreeSet<>();
        TreeSet<String> evaluate = new TreeSet<>();
        for (Method m : RightsContract.class.getDeclaredMethods()) {
            Transaction t = m.getAnnotation(Transaction.class);
            if (t != null) {
                (t.intent() == Transaction.TYPE.SUBMIT ? submit : evaluate).add(m.getName());
            }
        }
        TreeSet<String> acts = new TreeSet<>();
        ActScenarios.all().forEach(s -> acts.add(s.function));
        TreeSet<String> queries = new TreeSet<>();
        ActScenarios.queries().forEach(s -> queries.add(s.function));
        assertThat(acts).isEqualTo(submit);
        assertThat(queries).isEqualTo(evaluate);
    }
}
