package org.dataright.evidence.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.certificate.ActStatus;

/**
 * Every check with its outcome, and the verdict: PASS when no check failed (skipped checks do not
 * fail it) and the format check passed. A PASS certifies that the act happened as stated; whether it
 * took effect is its {@link #status}: a certificate of an act that has not taken effect passes, and its
 * {@link #verdictLine()} says the act is not in effect.
 *
 * @param status    the status the certificate states, null when it states none (or does not parse)
 * @param statusNow the status the live ledger shows now, when someone asked it ({@code --online}), else null
 * @param time      the act's time as the client claims it and the trusted time, when the certificate parsed; else null
 */
public record VerificationResult(String certificateId, List<Check> checks, ActStatus status, CurrentStatus statusNow,
        ActTime time) {
    public enum Verdict { PASS, FAIL }

    /** What the ledger shows now: the status, since when (null if unknown), and what was asked. */
    public record CurrentStatus(ActStatus status, java.time.Instant since, String source) {
    }

    /**
     * When the act happened: {@code claimed} is the transaction's channel-header timestamp, which the client writes;
     * {@code trusted} the earliest verified time by which it was recorded (an RFC 3161 token's, a witness
     * cosignature's), null when the certificate has none; {@code window} how far the claim may lie after it.
     */
    public record ActTime(java.time.Instant claimed, java.time.Instant trusted, String trustedSource,
            java.time.Duration window) {
        /** {@code trusted time: … (source)} or {@code trusted time: none …}. */
        public String trustedLine() {
            return "Trusted time: " + (trusted == null ? "none (the certificate carries no verified time-stamp or "
                    + "witness cosignature)" : trusted + " (" + trustedSource + ")");
        }

        /** {@code Claimed by the client: …}. */
        public String claimedLine() {
            return "Claimed by the client: " + claimed + " (the transaction's own timestamp)";
        }
    }

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    public VerificationResult(String certificateId, List<Check> checks) {
        this(certificateId, checks, null, null, null);
    }

    public VerificationResult(String certificateId, List<Check> checks, ActStatus status, CurrentStatus statusNow) {
        this(certificateId, checks, status, statusNow, null);
    }

    /** This result with other checks (a PDF's added, an online check added), everything else kept. */
    public VerificationResult withChecks(List<Check> other) {
        return new VerificationResult(certificateId, other, status, statusNow, time);
    }

    /**
     * This result stating the status of the certificate in {@code certificateJson} (null when it does not
     * parse): for results put together from other results' checks, as a PDF's.
     */
    public VerificationResult withStatusOf(String certificateJson) {
        ActStatus stated;
        try {
            stated = org.dataright.evidence.certificate.EvidenceCertificate.from(certificateJson).content().status();
        } catch (RuntimeException e) {
            stated = null;
        }
        return new VerificationResult(certificateId, checks, stated, statusNow, time);
    }

    /** This result with the ledger's current status added. */
    public VerificationResult withStatusNow(CurrentStatus now) {
        return new VerificationResult(certificateId, checks, status, now, time);
    }

    /** {@code Status at issue: …}, in words; {@code not stated} for certificates that state none. */
    public String statusLine() {
        return "Status at issue: " + (status == null ? "not stated (the certificate predates stated status)"
                : status.describe());
    }

    /** {@code now: REJECTED since …}, or null when the ledger was not asked. */
    public String statusNowLine() {
        if (statusNow == null) {
            return null;
        }
        if (statusNow.status() == null) {
            return "Status now: unknown (" + statusNow.source() + ")";
        }
        boolean changed = status == null || status.state() != statusNow.status().state()
                || !java.util.Objects.equals(status.publicityEnds(), statusNow.status().publicityEnds());
        return "Status now: " + statusNow.status().label()
                + (statusNow.since() == null ? "" : " since " + statusNow.since())
                + (changed ? " (changed since issue)" : " (unchanged since issue)") + " — " + statusNow.source();
    }

    /** {@code PASS}, {@code FAIL}, or {@code PASS (act not in effect: pending review)}. */
    public String verdictLine() {
        ActStatus effective = statusNow != null && statusNow.status() != null ? statusNow.status() : status;
        String qualifier = effective == null ? null : effective.notInEffect();
        return verdict().name() + (verdict() == Verdict.PASS && qualifier != null ? " (" + qualifier + ")" : "");
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
     * {@code {"status":{…},"statusNow":{…},"verdict":"PASS|FAIL","verdictLine":…,"certificateId":…,
     * "checks":[{"name","status","passed","reason"}…]}}; {@code passed} is true only for PASSED. {@code status}
     * is {@code {"stated":true,"state":"PENDING_REVIEW","publicityEnds"?,"actId"?,"inEffect":false,"words":…}}
     * ({@code "stated":false,"state":"NOT_STATED"} for certificates that state none); {@code statusNow} is
     * there only when the ledger was asked, with {@code since}, {@code source} and {@code changed}; {@code time} is
     * {@code {"claimedByClient","trusted"(null when none),"trustedSource"?,"windowSeconds"}} when the certificate parsed.
     */
    public String toJson() {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        root.set("status", statusJson(status));
        if (statusNow != null) {
            ObjectNode now = statusJson(statusNow.status());
            if (statusNow.since() != null) {
                now.put("since", statusNow.since().toString());
            }
            now.put("source", statusNow.source());
            now.put("changed", status == null || statusNow.status() == null
                    || status.state() != statusNow.status().state());
            root.set("statusNow", now);
        }
        if (time != null) {
            ObjectNode t = root.putObject("time");
            t.put("claimedByClient", time.claimed().toString());
            if (time.trusted() == null) {
                t.putNull("trusted");
            } else {
                t.put("trusted", time.trusted().toString());
                t.put("trustedSource", time.trustedSource());
            }
            t.put("windowSeconds", time.window().toSeconds());
        }
        root.put("verdict", verdict().name());
        root.put("verdictLine", verdictLine());
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
            if (!c.roots().isEmpty()) {
                ArrayNode roots = o.putArray("roots");
                c.roots().forEach(r -> roots.addObject().put("subject", r.subject()).put("sha256", r.sha256()));
            }
        }
        return StrictJson.pretty(root);
    }

    private static ObjectNode statusJson(ActStatus s) {
        ObjectNode o = StrictJson.MAPPER.createObjectNode();
        if (s == null) {
            o.put("stated", false);
            o.put("state", "NOT_STATED");
            o.put("inEffect", (Boolean) null);
            o.put("words", "not stated");
            return o;
        }
        o.put("stated", true);
        s.toJson(o);
        o.put("inEffect", s.inEffect());
        o.put("words", s.describe());
        return o;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(statusLine()).append('\n');
        if (statusNowLine() != null) {
            out.append(statusNowLine()).append('\n');
        }
        if (time != null) {
            out.append(time.trustedLine()).append('\n').append(time.claimedLine()).append('\n');
        }
        out.append(verdictLine()).append('\n');
        for (Check c : checks) {
            out.append(String.format("  %-7s %-22s %s%n", c.status(), c.name(), c.reason()));
        }
        return out.toString();
    }
}
