package org.dataright.fabric.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.fabric.msp.ValidIdentity;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * A Fabric signature policy ({@code common.SignaturePolicyEnvelope}), written in Fabric's policy
 * language: {@code AND(…)}, {@code OR(…)}, {@code OutOf(n, …)} over principals {@code 'MSPID.role'}
 * with role {@code member}, {@code peer}, {@code client}, {@code admin} or {@code orderer}; for example
 * {@code AND('RegistryMSP.peer', OR('BankMSP.peer', 'CourtMSP.peer'))}.
 *
 * <p>Evaluation follows Fabric's {@code common/cauthdsl}: signers are de-duplicated, each signer can
 * satisfy one principal only, and {@code OutOf} tries its sub-policies in order, keeping the signers a
 * satisfied sub-policy used.
 */
public final class EndorsementPolicy {
    private static final Pattern PRINCIPAL = Pattern.compile("^([A-Za-z0-9.\\-]+)\\.(member|admin|client|peer|orderer)$");

    private final SignaturePolicyEnvelope envelope;
    private final List<MSPRole> principals;

    private EndorsementPolicy(SignaturePolicyEnvelope envelope) {
        this.envelope = envelope;
        List<MSPRole> roles = new ArrayList<>();
        for (MSPPrincipal p : envelope.getIdentitiesList()) {
            if (p.getPrincipalClassification() != MSPPrincipal.Classification.ROLE) {
                throw new IllegalArgumentException("only ROLE principals are supported, not " + p.getPrincipalClassification());
            }
            try {
                roles.add(MSPRole.parseFrom(p.getPrincipal()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("principal is not an MSPRole: " + e.getMessage(), e);
            }
        }
        this.principals = List.copyOf(roles);
        checkRule(envelope.getRule());
    }

    /** Parses Fabric's policy language; throws {@link IllegalArgumentException} naming the problem. */
    public static EndorsementPolicy parse(String text) {
        Parser parser = new Parser(text);
        SignaturePolicy rule = parser.expression();
        parser.expectEnd();
        SignaturePolicyEnvelope.Builder env = SignaturePolicyEnvelope.newBuilder().setVersion(0).setRule(rule);
        parser.principals.forEach(role -> env.addIdentities(principal(role)));
        return new EndorsementPolicy(env.build());
    }

    /** A policy from its protobuf form, as it appears in a channel configuration. */
    public static EndorsementPolicy fromEnvelope(SignaturePolicyEnvelope envelope) {
        return new EndorsementPolicy(envelope);
    }

    /**
     * {@code OutOf(n, policies…)} as one signature policy: the principals of all of them in one list,
     * each rule pointing into it. Used to expand an ImplicitMeta policy over organisations.
     */
    public static EndorsementPolicy outOf(int n, List<EndorsementPolicy> policies) {
        if (policies.isEmpty() || n < 1 || n > policies.size()) {
            throw new IllegalArgumentException("OutOf(" + n + ", …) needs between 1 and " + policies.size() + " policies");
        }
        List<MSPRole> merged = new ArrayList<>();
        SignaturePolicy.NOutOf.Builder rules = SignaturePolicy.NOutOf.newBuilder().setN(n);
        for (EndorsementPolicy policy : policies) {
            rules.addRules(reindex(policy.envelope.getRule(), policy.principals, merged));
        }
        SignaturePolicyEnvelope.Builder env = SignaturePolicyEnvelope.newBuilder().setVersion(0)
                .setRule(SignaturePolicy.newBuilder().setNOutOf(rules));
        merged.forEach(role -> env.addIdentities(principal(role)));
        return new EndorsementPolicy(env.build());
    }

    private static SignaturePolicy reindex(SignaturePolicy rule, List<MSPRole> from, List<MSPRole> into) {
        if (rule.hasSignedBy()) {
            return SignaturePolicy.newBuilder().setSignedBy(indexOf(into, from.get(rule.getSignedBy()))).build();
        }
        SignaturePolicy.NOutOf.Builder n = SignaturePolicy.NOutOf.newBuilder().setN(rule.getNOutOf().getN());
        rule.getNOutOf().getRulesList().forEach(r -> n.addRules(reindex(r, from, into)));
        return SignaturePolicy.newBuilder().setNOutOf(n).build();
    }

    private static int indexOf(List<MSPRole> principals, MSPRole role) {
        int index = principals.indexOf(role);
        if (index < 0) {
            principals.add(role);
            index = principals.size() - 1;
        }
        return index;
    }

    private static MSPPrincipal principal(MSPRole role) {
        return MSPPrincipal.newBuilder()
                .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                .setPrincipal(role.toByteString())
                .build();
    }

    public SignaturePolicyEnvelope toEnvelope() {
        return envelope;
    }

    /** The MSP ids the policy names. */
    public Set<String> mspIds() {
        Set<String> ids = new LinkedHashSet<>();
        principals.forEach(p -> ids.add(p.getMspIdentifier()));
        return ids;
    }

    /** True when the (already validated) signers satisfy the policy. */
    public boolean isSatisfiedBy(List<ValidIdentity> signers) {
        List<ValidIdentity> distinct = new ArrayList<>();
        Set<com.google.protobuf.ByteString> seen = new java.util.HashSet<>();
        for (ValidIdentity s : signers) {
            if (seen.add(s.serialized())) {
                distinct.add(s);
            }
        }
        return evaluate(envelope.getRule(), distinct, new boolean[distinct.size()]);
    }

    private boolean evaluate(SignaturePolicy rule, List<ValidIdentity> signers, boolean[] used) {
        if (rule.hasSignedBy()) {
            MSPRole principal = principals.get(rule.getSignedBy());
            for (int i = 0; i < signers.size(); i++) {
                if (!used[i] && matches(principal, signers.get(i))) {
                    used[i] = true;
                    return true;
                }
            }
            return false;
        }
        SignaturePolicy.NOutOf nOutOf = rule.getNOutOf();
        int satisfied = 0;
        boolean[] attempt = new boolean[used.length];
        for (SignaturePolicy sub : nOutOf.getRulesList()) {
            System.arraycopy(used, 0, attempt, 0, used.length);
            if (evaluate(sub, signers, attempt)) {
                satisfied++;
                System.arraycopy(attempt, 0, used, 0, used.length);
            }
        }
        return satisfied >= nOutOf.getN();
    }

    private static boolean matches(MSPRole principal, ValidIdentity signer) {
        if (!principal.getMspIdentifier().equals(signer.mspId())) {
            return false;
        }
        return principal.getRole() == MSPRoleType.MEMBER || principal.getRole() == signer.role();
    }

    private void checkRule(SignaturePolicy rule) {
        if (rule.hasSignedBy()) {
            if (rule.getSignedBy() < 0 || rule.getSignedBy() >= principals.size()) {
                throw new IllegalArgumentException("policy refers to principal " + rule.getSignedBy()
                        + " but has only " + principals.size());
            }
        } else if (rule.hasNOutOf()) {
            SignaturePolicy.NOutOf n = rule.getNOutOf();
            if (n.getN() < 0 || n.getN() > n.getRulesCount()) {
                throw new IllegalArgumentException("OutOf(" + n.getN() + ", …) over " + n.getRulesCount() + " policies");
            }
            n.getRulesList().forEach(this::checkRule);
        } else {
            throw new IllegalArgumentException("policy rule is neither signed_by nor n_out_of");
        }
    }

    /** The policy in Fabric's policy language. */
    @Override
    public String toString() {
        return render(envelope.getRule());
    }

    private String render(SignaturePolicy rule) {
        if (rule.hasSignedBy()) {
            MSPRole p = principals.get(rule.getSignedBy());
            return "'" + p.getMspIdentifier() + "." + p.getRole().name().toLowerCase(Locale.ROOT) + "'";
        }
        SignaturePolicy.NOutOf n = rule.getNOutOf();
        List<String> parts = new ArrayList<>();
        n.getRulesList().forEach(r -> parts.add(render(r)));
        String args = String.join(", ", parts);
        // One of one is written OR, as configtxgen writes each organisation's own policies.
        if (n.getN() == 1) {
            return "OR(" + args + ")";
        }
        if (n.getN() == n.getRulesCount()) {
            return "AND(" + args + ")";
        }
        return "OutOf(" + n.getN() + ", " + args + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndorsementPolicy && ((EndorsementPolicy) o).envelope.equals(envelope);
    }

    @Override
    public int hashCode() {
        return envelope.hashCode();
    }

    /** A recursive-descent parser of the policy language. */
    private static final class Parser {
        private static final int MAX_DEPTH = 16;
        private final String text;
        private int pos;
        private int depth;
        private final List<MSPRole> principals = new ArrayList<>();

        Parser(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("endorsement policy is empty");
            }
            this.text = text;
        }

        SignaturePolicy expression() {
            skipSpace();
            if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
                return signedBy(quoted());
            }
            if (++depth > MAX_DEPTH) {
                throw error("the policy nests deeper than " + MAX_DEPTH + " levels");
            }
            String name = word();
            expect('(');
            SignaturePolicy.NOutOf.Builder n = SignaturePolicy.NOutOf.newBuilder();
            Integer count = null;
            if (name.equalsIgnoreCase("OutOf")) {
                count = number();
                expect(',');
            } else if (!name.equalsIgnoreCase("AND") && !name.equalsIgnoreCase("OR")) {
                throw error("unknown operator '" + name + "' (expected AND, OR or OutOf)");
            }
            do {
                n.addRules(expression());
                skipSpace();
            } while (accept(','));
            expect(')');
            int rules = n.getRulesCount();
            int required = name.equalsIgnoreCase("AND") ? rules : name.equalsIgnoreCase("OR") ? 1 : count;
            if (required < 1 || required > rules) {
                throw error("OutOf(" + required + ", …) needs between 1 and " + rules);
            }
            depth--;
            return SignaturePolicy.newBuilder().setNOutOf(n.setN(required)).build();
        }

        private SignaturePolicy signedBy(String principal) {
            Matcher m = PRINCIPAL.matcher(principal);
            if (!m.matches()) {
                throw error("principal '" + principal + "' is not of the form 'MSPID.role' with role member, admin, client, peer or orderer");
            }
            MSPRole role = MSPRole.newBuilder()
                    .setMspIdentifier(m.group(1))
                    .setRole(MSPRoleType.valueOf(m.group(2).toUpperCase(Locale.ROOT)))
                    .build();
            return SignaturePolicy.newBuilder().setSignedBy(indexOf(principals, role)).build();
        }

        private String quoted() {
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated quote");
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }

        private String word() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected AND, OR, OutOf or a quoted principal");
            }
            return text.substring(start, pos);
        }

        private int number() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && pos - start < 6 && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("OutOf needs a number first");
            }
            return Integer.parseInt(text.substring(start, pos));
        }

        private void expect(char c) {
            skipSpace();
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private boolean accept(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expectEnd() {
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the policy");
            }
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("endorsement policy \"" + text + "\", at " + pos + ": " + what);
        }
    }
}
