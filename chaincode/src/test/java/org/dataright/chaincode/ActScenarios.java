package org.dataright.chaincode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * Every act of the README's role × act table, each with a ledger prepared so that the act succeeds for
 * the party it names (the holder, the receiver, the pledgee, …), and the roles the table allows.
 */
final class ActScenarios {
    private ActScenarios() {
    }

    /** A prepared act: who acts for the enterprise role, and the call. */
    static final class Prepared {
        final Identity enterpriseActor;
        final Function<Context, String> act;

        Prepared(Identity enterpriseActor, Function<Context, String> act) {
            this.enterpriseActor = enterpriseActor;
            this.act = act;
        }
    }

    static final class Scenario {
        final String function;
        final Set<Role> allowed;
        private final Function<ContractTestSupport, Prepared> prepare;

        Scenario(String function, Set<Role> allowed, Function<ContractTestSupport, Prepared> prepare) {
            this.function = function;
            this.allowed = Collections.unmodifiableSet(allowed);
            this.prepare = prepare;
        }

        Prepared prepare(ContractTestSupport t) {
            return prepare.apply(t);
        }

        /** The identity that acts with a role: the scenario's own party for enterprise, else the role's party. */
        Identity actor(Prepared p, Role role) {
            switch (role) {
                case ENTERPRISE: return p.enterpriseActor;
                case BANK: return Identity.BANK;
                case COURT: return Identity.COURT;
                case REGISTRAR: return Identity.REGISTRAR;
                case NOTARY: return Identity.NOTARY;
                case EXCHANGE: return Identity.EXCHANGE;
                case REGULATOR: return Identity.REGULATOR;
                default: return Identity.NOBODY;
            }
        }

        @Override
        public String toString() {
            return function;
        }
    }

    /** A fresh peer and contract, for tests that need several independent executions. */
    static final class Fresh extends ContractTestSupport {
    }

    private static final Identity ALICE = Identity.ALICE;
    private static final Identity BOB = Identity.BOB;

    static List<Scenario> all() {
        Set<Role> enterprise = EnumSet.of(Role.ENTERPRISE);
        List<Scenario> s = new ArrayList<>();
        s.add(new Scenario("registerAsset", enterprise,
                t -> new Prepared(ALICE, c -> t.contract.registerAsset(c, ContractTestSupport.asset("matrix").json()))));
        s.add(new Scenario("registerAssets", enterprise, t -> new Prepared(ALICE, c -> t.contract.registerAssets(c,
                "[" + ContractTestSupport.asset("matrix").json() + "," + ContractTestSupport.asset("matrix 2").json() + "]"))));
        s.add(new Scenario("registerRight", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            return new Prepared(ALICE, c -> t.contract.registerRight(c, a, ContractTestSupport.IP, "a claim"));
        }));
        s.add(new Scenario("offerTransfer", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            return new Prepared(ALICE, c -> t.contract.offerTransfer(c, ContractTestSupport.rh(a), BOB.party(),
                    ContractTestSupport.digest("sale contract"), t.expiresIn(Duration.ofDays(10))));
        }));
        s.add(new Scenario("cancelTransfer", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            t.offer(ALICE, ContractTestSupport.rh(a), BOB);
            return new Prepared(ALICE, c -> t.contract.cancelTransfer(c, ContractTestSupport.rh(a)));
        }));
        s.add(new Scenario("acceptTransfer", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            t.offer(ALICE, ContractTestSupport.rh(a), BOB);
            return new Prepared(BOB, c -> t.contract.acceptTransfer(c, ContractTestSupport.rh(a)));
        }));
        s.add(new Scenario("rejectTransfer", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            t.offer(ALICE, ContractTestSupport.rh(a), BOB);
            return new Prepared(BOB, c -> t.contract.rejectTransfer(c, ContractTestSupport.rh(a)));
        }));
        s.add(new Scenario("grantLicence", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            return new Prepared(ALICE, c -> t.contract.grantLicence(c, a, ContractTestSupport.PU, BOB.party(),
                    ContractTestSupport.terms().exclusive().sublicensable().json(), ""));
        }));
        s.add(new Scenario("revokeLicence", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            String l = t.licence(ALICE, a, ContractTestSupport.PU, BOB, ContractTestSupport.terms());
            return new Prepared(ALICE, c -> t.contract.revokeLicence(c, l, "licence fee unpaid"));
        }));
        s.add(new Scenario("pledge", enterprise, t -> {
            String a = t.register(ALICE, "matrix");
            return new Prepared(ALICE, c -> t.contract.pledge(c, ContractTestSupport.rh(a), Identity.BANK.party(),
                    ContractTestSupport.digest("loan")));
        }));
        s.add(new Scenario("releasePledge", EnumSet.of(Role.BANK), t -> {
            String a = t.register(ALICE, "matrix");
            t.fabric.submit(ALICE, c -> t.contract.pledge(c, ContractTestSupport.rh(a), Identity.BANK.party(),
                    ContractTestSupport.digest("loan")));
            return new Prepared(ALICE, c -> t.contract.releasePledge(c, ContractTestSupport.rh(a)));
        }));
        s.add(new Scenario("freeze", EnumSet.of(Role.COURT), t -> {
            String a = t.register(ALICE, "matrix");
            return new Prepared(ALICE, c -> t.contract.freeze(c, ContractTestSupport.rh(a), "case-1",
                    ContractTestSupport.digest("order")));
        }));
        s.add(new Scenario("unfreeze", EnumSet.of(Role.COURT), t -> {
            String a = t.register(ALICE, "matrix");
            t.freeze(a, "case-1");
            return new Prepared(ALICE, c -> t.contract.unfreeze(c, a, "case-1"));
        }));
        s.add(new Scenario("configureRegistry", EnumSet.of(Role.REGISTRAR),
                t -> new Prepared(ALICE, c -> t.contract.configureRegistry(c, true, "30"))));
        s.add(new Scenario("reviewAct", EnumSet.of(Role.REGISTRAR), t -> {
            t.configure(true, 10);
            String actId = pendingAct(t);
            return new Prepared(ALICE, c -> t.contract.reviewAct(c, actId, true, "complete"));
        }));
        s.add(new Scenario("resolveObjection", EnumSet.of(Role.REGISTRAR), t -> {
            t.configure(true, 10);
            String actId = pendingAct(t);
            t.fabric.submit(Identity.REGISTRAR, c -> t.contract.reviewAct(c, actId, true, ""));
            String objectionId = ContractTestSupport.json(t.fabric.submit(BOB,
                    c -> t.contract.fileObjection(c, actId, "mine", null)).response).getString("id");
            return new Prepared(ALICE, c -> t.contract.resolveObjection(c, objectionId, false, "unfounded"));
        }));
        s.add(new Scenario("fileObjection", EnumSet.of(Role.ENTERPRISE, Role.BANK, Role.COURT, Role.EXCHANGE,
                Role.NOTARY, Role.REGULATOR), t -> {
                    t.configure(true, 10);
                    String actId = pendingAct(t);
                    t.fabric.submit(Identity.REGISTRAR, c -> t.contract.reviewAct(c, actId, true, ""));
                    return new Prepared(BOB, c -> t.contract.fileObjection(c, actId, "the data is mine",
                            ContractTestSupport.digest("evidence")));
                }));
        s.add(new Scenario("takeEffect", EnumSet.of(Role.ENTERPRISE, Role.BANK, Role.COURT, Role.REGISTRAR,
                Role.EXCHANGE, Role.NOTARY, Role.REGULATOR), t -> {
                    t.configure(false, 1);
                    String actId = pendingAct(t);
                    t.fabric.advance(Duration.ofDays(1));
                    return new Prepared(BOB, c -> t.contract.takeEffect(c, actId));
                }));
        s.add(new Scenario("anchorEvidence", EnumSet.of(Role.ENTERPRISE, Role.NOTARY), t -> {
            String a = t.register(ALICE, "matrix");
            return new Prepared(ALICE, c -> t.contract.anchorEvidence(c, a, "audit_report",
                    ContractTestSupport.digest("audit"), ContractTestSupport.digest("audit sm3"), "annual audit"));
        }));
        s.add(new Scenario("registerParticipant", EnumSet.of(Role.REGISTRAR),
                t -> new Prepared(ALICE, c -> t.contract.registerParticipant(c, Identity.CAROL_OF_ORG1.party(),
                        "Carol Cafe\u0301\u00a0Analytics", "carol-analytics", "enterprise", Identity.CAROL_OF_ORG1.pem))));
        s.add(new Scenario("changeParticipant", EnumSet.of(Role.REGISTRAR),
                t -> new Prepared(ALICE, c -> t.contract.changeParticipant(c, BOB.party(), "", "", "", "SUSPENDED"))));
        // Every participant renews its own key: the new certificate is the caller's subject with a new key.
        s.add(new Scenario("renewKey", EnumSet.of(Role.ENTERPRISE, Role.BANK, Role.COURT, Role.EXCHANGE, Role.NOTARY,
                Role.REGULATOR), t -> new Prepared(ALICE, c -> t.contract.renewKey(c, t.fabric.caller().renewed().pem))));
        s.add(new Scenario("rebindKey", EnumSet.of(Role.REGISTRAR), t -> new Prepared(ALICE,
                c -> t.contract.rebindKey(c, BOB.party(), BOB.renewed().pem, "key lost with a laptop"))));
        s.add(new Scenario("revokeKey", EnumSet.of(Role.REGISTRAR), t -> new Prepared(ALICE,
                c -> t.contract.revokeKey(c, BOB.party(), BOB.fingerprint(), "key compromised"))));
        return s;
    }

    private static String pendingAct(ContractTestSupport t) {
        String assetId = t.register(ALICE, "matrix");
        return t.asset(Identity.NOBODY, assetId).getString("pendingAct");
    }

    /** A ledger with one of everything, and every query over it. */
    static List<Scenario> queries() {
        List<Scenario> q = new ArrayList<>();
        Set<Role> everyone = EnumSet.allOf(Role.class);
        q.add(new Scenario("getAsset", everyone, t -> query(t, (w, c) -> t.contract.getAsset(c, w.assetId))));
        q.add(new Scenario("getRight", everyone,
                t -> query(t, (w, c) -> t.contract.getRight(c, ContractTestSupport.rh(w.assetId)))));
        q.add(new Scenario("getRightsOfAsset", everyone, t -> query(t, (w, c) -> t.contract.getRightsOfAsset(c, w.assetId))));
        q.add(new Scenario("getLicence", everyone, t -> query(t, (w, c) -> t.contract.getLicence(c, w.licenceId))));
        q.add(new Scenario("getLicencesOfAsset", everyone,
                t -> query(t, (w, c) -> t.contract.getLicencesOfAsset(c, w.assetId))));
        q.add(new Scenario("getEvidenceOfAsset", everyone,
                t -> query(t, (w, c) -> t.contract.getEvidenceOfAsset(c, w.assetId))));
        q.add(new Scenario("getAct", everyone, t -> query(t, (w, c) -> t.contract.getAct(c, w.actId))));
        q.add(new Scenario("getObjection", everyone, t -> query(t, (w, c) -> t.contract.getObjection(c, w.objectionId))));
        q.add(new Scenario("getOpenActs", everyone, t -> query(t, (w, c) -> t.contract.getOpenActs(c))));
        q.add(new Scenario("getParticipant", everyone, t -> query(t, (w, c) -> t.contract.getParticipant(c, "bob"))));
        q.add(new Scenario("getParticipants", everyone, t -> query(t, (w, c) -> t.contract.getParticipants(c))));
        q.add(new Scenario("checkParticipantName", everyone,
                t -> query(t, (w, c) -> t.contract.checkParticipantName(c, "Carol Analytics"))));
        q.add(new Scenario("getRegistryConfig", everyone, t -> query(t, (w, c) -> t.contract.getRegistryConfig(c))));
        q.add(new Scenario("findAssetByDigest", everyone,
                t -> query(t, (w, c) -> t.contract.findAssetByDigest(c, "sha256", ContractTestSupport.digest("matrix")))));
        q.add(new Scenario("getRightsByHolder", everyone,
                t -> query(t, (w, c) -> t.contract.getRightsByHolder(c, ALICE.party(), 10, ""))));
        q.add(new Scenario("getAssetHistory", everyone, t -> query(t, (w, c) -> t.contract.getAssetHistory(c, w.assetId))));
        q.add(new Scenario("getRightHistory", everyone,
                t -> query(t, (w, c) -> t.contract.getRightHistory(c, ContractTestSupport.rh(w.assetId)))));
        return q;
    }

    /** The ids of the world every query reads. */
    static final class World {
        String assetId;
        String licenceId;
        String actId;
        String objectionId;
    }

    interface Query {
        String call(World w, Context c);
    }

    private static Prepared query(ContractTestSupport t, Query query) {
        World w = new World();
        w.assetId = t.register(ALICE, "matrix");
        w.licenceId = t.licence(ALICE, w.assetId, ContractTestSupport.PU, BOB, ContractTestSupport.terms());
        t.fabric.submit(ALICE, c -> t.contract.anchorEvidence(c, w.assetId, "contract",
                ContractTestSupport.digest("doc"), null, null));
        t.configure(true, 10);
        w.actId = pendingAct(t, "pending");
        t.fabric.submit(Identity.REGISTRAR, c -> t.contract.reviewAct(c, w.actId, true, ""));
        w.objectionId = ContractTestSupport.json(t.fabric.submit(BOB,
                c -> t.contract.fileObjection(c, w.actId, "mine", null)).response).getString("id");
        return new Prepared(ALICE, c -> query.call(w, c));
    }

    private static String pendingAct(ContractTestSupport t, String content) {
        String assetId = t.register(ALICE, content);
        return t.asset(Identity.NOBODY, assetId).getString("pendingAct");
    }
}
