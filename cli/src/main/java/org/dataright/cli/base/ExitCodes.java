package org.dataright.cli.base;


/** The exit codes of {@code dpr}, documented in every command's help and in cli/README.md. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** A certificate (or a file against it) failed verification. */
    public static final int VERIFICATION_FAILED = 1;
    /** The command line, a named file or the local setup (profile, identity) is wrong. */
    public static final int USAGE = 2;
    /** The ledger or the registry service refused the act (the chaincode's error code is printed). */
    public static final int REJECTED = 3;
    /** The registry service or the ledger endpoint cannot be reached. */
    public static final int CANNOT_CONNECT = 4;
    /** Anything else: a local I/O failure or a fault in dpr itself. */
    public static final int FAILED = 5;

    private ExitCodes() {
    }
}
