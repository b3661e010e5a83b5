package org.dataright.evidence.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.dataright.evidence.fabric.FabricIdentity;

/**
 * An endorsement policy in Fabric's signature-policy language: {@code OutOf(n, rule, …)},
 * {@code AND(rule, …)} (all), {@code OR(rule, …)} (one), and principals {@code 'Org1MSP.peer'} with
 * the roles member, admin, client, peer and orderer. Roles other than member are read from the
 * certificate's OU, as Fabric's NodeOUs classify identities.
 */
public sealed interface EndorsementPolicy permits EndorsementPolicy.OutOf, EndorsementPolicy.Principal {

    /** The roles of an MSP principal (Fabric's {@code MSPRole.MSPRoleType}). */
    enum Role { MEMBER, ADMIN, CLIENT, PEER, ORDERER }

    /** At least {@code n} of the rules hold, each with different signers. */
    record OutOf(int n, List<EndorsementPolicy> rules) implements EndorsementPolicy {
        public OutOf {
            rules = List.copyOf(rules);
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("a policy needs at least one rule");
            }
            if (n < 1 || n > rules.size()) {
                throw new IllegalArgumentException("OutOf(" + n + ", …) needs n between 1 and its " + rules.size() + " rule(s)");
            }
        }

        @Override
        public String toString() {
            String inner = rules.stream().map(Object::toString).collect(Collectors.joining(", "));
            if (n == rules.size()) {
                return "AND(" + inner + ")";
            }
            return n == 1 ? "OR(" + inner + ")" : "OutOf(" + n + ", " + inner + ")";
        }
    }

    /** A signer of an MSP in a role. */
    record Principal(String mspId, Role role) implements EndorsementPolicy {
        public Principal {
            if (mspId == null || mspId.isEmpty() || mspId.contains("'") || mspId.contains("\"")) {
                throw new IllegalArgumentException("a principal needs an MSP id without quotes, not '" + mspId + "'");
            }
        }

        boolean matches(FabricIdentity signer) {
            return signer.mspId().equals(mspId) && (role == Role.MEMBER || organizationalUnits(signer.certificate())
                    .contains(role.name().toLowerCase(Locale.ROOT)));
        }

        @Override
        public String toString() {
            return "'" + mspId + "." + role.name().toLowerCase(Locale.ROOT) + "'";
        }
    }

    /** Reads a policy from its text form, e.g. {@code OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer')}. */
    static EndorsementPolicy parse(String text) {
        return new PolicyParser(text).parse();
    }

    /** Every MSP id the policy names. */
    default Set<String> mspIds() {
        Set<String> ids = new TreeSet<>();
        collect(this, ids);
        return ids;
    }

    /**
     * True when the signers satisfy the policy. As in Fabric's evaluation, a signer counts toward one
     * principal only, and the same identity signing twice counts once.
     */
    default boolean isSatisfiedBy(List<FabricIdentity> signers) {
        List<FabricIdentity> distinct = new ArrayList<>();
        for (FabricIdentity s : signers) {
            if (distinct.stream().noneMatch(d -> d.mspId().equals(s.mspId()) && d.certificate().equals(s.certificate()))) {
                distinct.add(s);
            }
        }
        return evaluate(this, distinct, new boolean[distinct.size()]);
    }

    private static boolean evaluate(EndorsementPolicy policy, List<FabricIdentity> signers, boolean[] used) {
        if (policy instanceof Principal p) {
            for (int i = 0; i < signers.size(); i++) {
                if (!used[i] && p.matches(signers.get(i))) {
                    used[i] = true;
                    return true;
                }
            }
            return false;
        }
        OutOf outOf = (OutOf) policy;
        boolean[] committed = used.clone();
        int satisfied = 0;
        for (EndorsementPolicy rule : outOf.rules()) {
            boolean[] attempt = committed.clone();
            if (evaluate(rule, signers, attempt)) {
                committed = attempt;
                satisfied++;
            }
        }
        if (satisfied < outOf.n()) {
            return false;
        }
        System.arraycopy(committed, 0, used, 0, used.length);
        return true;
    }

    private static void collect(EndorsementPolicy policy, Set<String> ids) {
        if (policy instanceof Principal p) {
            ids.add(p.mspId());
        } else {
            ((OutOf) policy).rules().forEach(r -> collect(r, ids));
        }
    }

    private static Set<String> organizationalUnits(X509Certificate cert) {
        try {
            return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(rdn -> rdn.getType().equalsIgnoreCase("OU"))
                    .map(Rdn::getValue)
                    .map(v -> v.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("unreadable certificate subject: " + e.getMessage(), e);
        }
    }
}
