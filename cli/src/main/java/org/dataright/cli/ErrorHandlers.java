package org.dataright.cli;

import java.io.PrintWriter;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Turns exceptions into one {@code error:} line and one {@code next:} line; stack traces only with DPR_DEBUG. */
final class ErrorHandlers implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final boolean debug;

    ErrorHandlers(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof CliException e) {
            err.println("error: " + e.code() + ": " + e.getMessage());
            if (e.nextStep() != null) {
                err.println("next: " + e.nextStep());
            }
            if (debug && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            err.flush();
            return e.exitCode();
        }
        err.println("error: INTERNAL: " + ex.getClass().getSimpleName()
                + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        err.println("next: this is a fault in dpr; run again with DPR_DEBUG=1 for the stack trace and report it");
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        err.println("error: USAGE: " + (message.startsWith("Error: ") ? message.substring(7) : message));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("next: see '" + commandLine.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }
}
