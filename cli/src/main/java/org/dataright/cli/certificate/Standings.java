package org.dataright.cli.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.evidence.log.TlogPolicy;
import org.dataright.evidence.map.Standing;
import org.dataright.evidence.trust.TrustBundle;

/**
 * Verifies a standing certificate against a trust bundle's tlog-policy and prints it as a register
 * extract; shared by {@code dpr certificate standing} (fetch, save, verify) and {@code dpr verify} (a saved one).
 */
public final class Standings {
    private Standings() {
    }

    /** Whether {@code json} is a standing rather than an act's certificate. */
    public static boolean isStanding(String json) {
        try {
            JsonNode root = Output.JSON.readTree(json);
            return root != null && Standing.FORMAT.equals(root.path("format").asText(null));
        } catch (IOException e) {
            return false;
        }
    }

    /** Verifies and prints; returns the exit code: 0 verified, 1 not. */
    public static int verifyAndPrint(String json, TrustBundle bundle, Output output) {
        TlogPolicy policy = bundle.tlogPolicy();
        String failure;
        if (policy == null) {
            failure = "the trust bundle has no tlog policy, so the standing's checkpoint cannot be checked (get the "
                    + "registry's current bundle with 'dpr trust fetch')";
        } else {
            TlogPolicy.Verified[] opened = new TlogPolicy.Verified[1];
            try {
                Standing.Extract extract = Standing.fromJson(json).verify(note -> {
                    opened[0] = policy.verify(note);
                    return opened[0].checkpoint();
                });
                if (output.isJson()) {
                    ObjectNode node = StandingReport.json(extract, opened[0]);
                    node.put("verdict", "PASS");
                    output.printJson(node);
                } else {
                    StandingReport.lines(extract, opened[0]).forEach(output::say);
                    output.say("PASS: the standing verifies against the trust bundle's tlog policy");
                }
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                failure = e.getMessage();
            }
        }
        if (output.isJson()) {
            output.printJson(Output.object().put("verdict", "FAIL").put("reason", failure));
        } else {
            output.say("FAIL: " + failure);
        }
        return ExitCodes.VERIFICATION_FAILED;
    }
}
