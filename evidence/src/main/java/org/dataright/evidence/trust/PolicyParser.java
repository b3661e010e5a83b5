package org.dataright.evidence.trust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A recursive-descent reader of the policy language, with positions in its error messages. */
final class PolicyParser {
    private static final int MAX_DEPTH = 16;
    private final String text;
    private int pos;

    PolicyParser(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no endorsement policy given");
        }
        this.text = text;
    }

    EndorsementPolicy parse() {
        EndorsementPolicy policy = policy(0);
        skipSpace();
        if (pos != text.length()) {
            throw error("unexpected text");
        }
        return policy;
    }

    private EndorsementPolicy policy(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("policy nests deeper than " + MAX_DEPTH);
        }
        skipSpace();
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            return principal();
        }
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String operator = text.substring(start, pos);
        expect('(');
        int n = -1;
        if (operator.equalsIgnoreCase("OutOf")) {
            n = number();
            expect(',');
        } else if (!operator.equalsIgnoreCase("AND") && !operator.equalsIgnoreCase("OR")) {
            pos = start;
            throw error("expected OutOf, AND, OR or a quoted principal");
        }
        List<EndorsementPolicy> rules = new ArrayList<>();
        rules.add(policy(depth + 1));
        while (peek(',')) {
            expect(',');
            rules.add(policy(depth + 1));
        }
        expect(')');
        if (operator.equalsIgnoreCase("AND")) {
            n = rules.size();
        } else if (operator.equalsIgnoreCase("OR")) {
            n = 1;
        }
        try {
            return new EndorsementPolicy.OutOf(n, rules);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private EndorsementPolicy.Principal principal() {
        char quote = text.charAt(pos++);
        int end = text.indexOf(quote, pos);
        if (end < 0) {
            throw error("unterminated principal");
        }
        String body = text.substring(pos, end);
        int dot = body.lastIndexOf('.');
        if (dot <= 0) {
            throw error("a principal is 'MSPID.role', not '" + body + "'");
        }
        String role = body.substring(dot + 1).toUpperCase(Locale.ROOT);
        if (Arrays.stream(EndorsementPolicy.Role.values()).noneMatch(r -> r.name().equals(role))) {
            throw error("unknown role '" + body.substring(dot + 1) + "' (member, admin, client, peer, orderer)");
        }
        pos = end + 1;
        return new EndorsementPolicy.Principal(body.substring(0, dot), EndorsementPolicy.Role.valueOf(role));
    }

    private int number() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && pos - start < 6 && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private boolean peek(char c) {
        skipSpace();
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("endorsement policy \"" + text + "\": " + what + " at position " + pos);
    }
}
