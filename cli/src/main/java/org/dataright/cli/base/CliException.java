package org.dataright.cli.base;


/**
 * A failure the user can act on: an exit code, a stable error code, a sentence saying what is wrong
 * and, where there is one, the next step. Printed as {@code error: CODE: sentence} by the top command's error handler.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String code;
    private final String nextStep;

    public CliException(int exitCode, String code, String sentence, String nextStep) {
        this(exitCode, code, sentence, nextStep, null);
    }

    public CliException(int exitCode, String code, String sentence, String nextStep, Throwable cause) {
        super(sentence, cause);
        this.exitCode = exitCode;
        this.code = code;
        this.nextStep = nextStep;
    }

    /** Bad input or local setup: exit 2. */
    public static CliException usage(String code, String sentence, String nextStep) {
        return new CliException(ExitCodes.USAGE, code, sentence, nextStep);
    }

    /** Refused by the ledger or the registry: exit 3. */
    public static CliException rejected(String code, String sentence, String nextStep) {
        return new CliException(ExitCodes.REJECTED, code, sentence, nextStep);
    }

    /** The service or the ledger cannot be reached: exit 4. */
    public static CliException cannotConnect(String code, String sentence, String nextStep, Throwable cause) {
        return new CliException(ExitCodes.CANNOT_CONNECT, code, sentence, nextStep, cause);
    }

    /** A local failure, such as a file that cannot be written: exit 5. */
    public static CliException failed(String code, String sentence, String nextStep, Throwable cause) {
        return new CliException(ExitCodes.FAILED, code, sentence, nextStep, cause);
    }

    public int exitCode() {
        return exitCode;
    }

    public String code() {
        return code;
    }

    /** What to do about it, or null. */
    public String nextStep() {
        return nextStep;
    }
}
