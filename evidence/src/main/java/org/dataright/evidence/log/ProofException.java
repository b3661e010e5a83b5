package org.dataright.evidence.log;

/**
 * A proof that did not verify, with the check it failed. An {@link IllegalArgumentException}: the
 * proof handed to the verifier is what is wrong.
 */
public final class ProofException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ProofCheck check;

    ProofException(ProofCheck check, String message) {
        super(message + " [" + check.label() + "]");
        this.check = check;
    }

    public ProofCheck check() {
        return check;
    }
}
