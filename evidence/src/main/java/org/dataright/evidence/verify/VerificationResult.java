package org.dataright.evidence.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.dataright.evidence.canonical.StrictJson;

/**
 * Every check with its outcome, and the verdict: PASS when no check failed (skipped checks do not
 * fail it) and the format check passed.
 */
public record VerificationResult(String certificateId, List<Check> checks) {
    public enum Verdict { PASS, FAIL }

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    public Verdict verdict() {
        boolean ok = !checks.isEmpty() && checks.stream().noneMatch(Check::failed)
                && check(CheckName.FORMAT).map(Check::passed).orElse(false);
        return ok ? Verdict.PASS : Verdict.FAIL;
    }

    public boolean passed() {
        return verdict() == Verdict.PASS;
    }

    public Optional<Check> check(CheckName name) {
        return checks.stream().filter(c -> c.name().equals(name.id())).findFirst();
    }

    public List<Check> failures() {
        return checks.stream().filter(Check::failed).toList();
    }

    /**
     * {@code {"verdict":"PASS|FAIL","certificateId":…,"checks":[{"name","status","passed","reason"}…]}};
     * {@code passed} is true only for PASSED.
     */
    public String toJson() {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        root.put("verdict", verdict().name());
        if (certificateId == null) {
            root.putNull("certificateId");
        } else {
            root.put("certificateId", certificateId);
        }
        ArrayNode array = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode o = array.addObject();
            o.put("name", c.name());
            o.put("status", c.status().name());
            o.put("passed", c.passed());
            o.put("reason", c.reason());
        }
        return StrictJson.pretty(root);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(verdict().name()).append('\n');
        for (Check c : checks) {
            out.append(String.format("  %-7s %-22s %s%n", c.status(), c.name(), c.reason()));
        }
        return out.toString();
    }
}
