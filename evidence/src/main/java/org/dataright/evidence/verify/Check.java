package org.dataright.evidence.verify;

/** The outcome of one named check. */
public record Check(String name, Status status, String reason) {
    /** SKIPPED: nothing to check (no file given, no time-stamp token); it does not fail the verdict. */
    public enum Status { PASSED, FAILED, SKIPPED }

    public Check {
        if (name == null || status == null || reason == null) {
            throw new IllegalArgumentException("a check has a name, a status and a reason");
        }
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
