package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Endorsers must agree byte for byte. Each act runs on fresh peers with the same transaction ids,
 * timestamps, identities and inputs, under JVM defaults that differ as endorsers' may (locale, with
 * dotless i and Arabic-Indic digits, and time zone), and must yield identical writes (keys, value bytes,
 * order), event (name and payload) and response.
 */
class DeterminismTest {

    /** A JVM default setting an endorser might have. */
    static final class Environment {
        final String name;
        final Locale locale;
        final TimeZone zone;

        Environment(String name, Locale locale, String zone) {
            this.name = name;
            this.locale = locale;
            this.zone = TimeZone.getTimeZone(zone);
        }
    }

    static final List<Environment> ENVIRONMENTS = List.of(
            new Environment("en-US, UTC", Locale.forLanguageTag("en-US"), "UTC"),
            new Environment("tr-TR, Istanbul", Locale.forLanguageTag("tr-TR"), "Europe/Istanbul"),
            new Environment("ar-SA with Arabic digits, Chatham", Locale.forLanguageTag("ar-SA-u-nu-arab"),
                    "Pacific/Chatham"),
            new Environment("zh-CN, Shanghai", Locale.forLanguageTag("zh-CN"), "Asia/Shanghai"));

    static Stream<Arguments> everyAct() {
        List<Arguments> acts = new ArrayList<>();
        for (ActScenarios.Scenario s : ActScenarios.all()) {
            acts.add(Arguments.of(s));
        }
        return acts.stream();
    }

    /** Runs the prepared act once, under the environment, on a fresh peer. */
    static FakeFabric.Tx execute(ActScenarios.Scenario scenario, Environment env) {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(env.locale);
            TimeZone.setDefault(env.zone);
            ActScenarios.Fresh t = new ActScenarios.Fresh();
            ActScenarios.Prepared prepared = scenario.prepare(t);
            Role role = scenario.allowed.iterator().next();
            return t.fabric.submit(scenario.actor(prepared, role), prepared.act);
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAct")
    void theSameActYieldsTheSameBytes(ActScenarios.Scenario scenario) {
        FakeFabric.Tx first = execute(scenario, ENVIRONMENTS.get(0));
        assertThat(first.writes).isNotEmpty();
        for (Environment env : ENVIRONMENTS.subList(1, ENVIRONMENTS.size())) {
            FakeFabric.Tx again = execute(scenario, env);
            assertThat(again.txId).isEqualTo(first.txId);
            assertThat(again.writes).as("writes under %s", env.name).containsExactlyElementsOf(first.writes);
            assertThat(again.events).as("event under %s", env.name).containsExactlyElementsOf(first.events);
            assertThat(again.response).as("response under %s", env.name).isEqualTo(first.response);
        }
    }

    @Test
    void rejectionsReadTheSameEverywhere() {
        List<String> messages = new ArrayList<>();
        for (Environment env : ENVIRONMENTS) {
            Locale locale = Locale.getDefault();
            TimeZone zone = TimeZone.getDefault();
            try {
                Locale.setDefault(env.locale);
                TimeZone.setDefault(env.zone);
                ActScenarios.Fresh t = new ActScenarios.Fresh();
                String assetId = t.register(Identity.ALICE, "traffic");
                t.freeze(ContractTestSupport.rh(assetId), "case-1");
                StringBuilder all = new StringBuilder();
                all.append(t.fabric.rejects(Identity.ALICE, ErrorCode.RIGHT_FROZEN, c -> t.contract.pledge(c,
                        ContractTestSupport.rh(assetId), Identity.BANK.party(), ContractTestSupport.digest("l")))
                        .getMessage());
                all.append(t.fabric.rejects(Identity.NOBODY, ErrorCode.INVALID_ARGUMENT,
                        c -> t.contract.getRightsByHolder(c, Identity.ALICE.party(), 1000, "")).getMessage());
                all.append(t.fabric.rejects(Identity.BANK, ErrorCode.ROLE_NOT_ALLOWED,
                        c -> t.contract.registerAsset(c, ContractTestSupport.asset("x").json())).getMessage());
                messages.add(all.toString());
            } finally {
                Locale.setDefault(locale);
                TimeZone.setDefault(zone);
            }
        }
        assertThat(messages).allMatch(m -> m.equals(messages.get(0)));
        assertThat(messages.get(0)).contains("page size is 1 to 200, not 1000").contains("the role 'bank' may not");
    }
}
