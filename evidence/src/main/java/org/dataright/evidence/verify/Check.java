package org.dataright.evidence.verify;

import java.util.List;

/**
 * The outcome of one named check, with the trust bundle's roots a chain check used to pass (empty for the
 * others), so a reader can tell which anchor vouched for each identity.
 */
public record Check(String name, Status status, String reason, List<TrustedRoot> roots) {
    /** SKIPPED: nothing to check (no file given, no time-stamp token); it does not fail the verdict. */
    public enum Status { PASSED, FAILED, SKIPPED }

    public Check {
        if (name == null || status == null || reason == null) {
            throw new IllegalArgumentException("a check has a name, a status and a reason");
        }
        roots = roots == null ? List.of() : List.copyOf(roots);
    }

    public Check(String name, Status status, String reason) {
        this(name, status, reason, List.of());
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
