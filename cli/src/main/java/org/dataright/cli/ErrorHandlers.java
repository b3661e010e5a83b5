package org.dataright.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns exceptions into one {@code error:} line and one {@code next:} line on stderr; with {@code --json}
 * also {@code {"error":{"code","message","next"}}} on stdout, with the same code and exit code, so a
 * machine reading stdout sees every outcome. Stack traces only with DPR_DEBUG.
 */
final class ErrorHandlers implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final boolean debug;

    ErrorHandlers(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean json = commandLine.getCommandSpec().root().userObject() instanceof GlobalOptions options && options.json();
        if (ex instanceof CliException e) {
            printJson(json, commandLine, e.code(), e.getMessage(), e.nextStep());
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
        printJson(json, commandLine, "INTERNAL", ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": "
                + ex.getMessage()), "this is a fault in dpr; run again with DPR_DEBUG=1 for the stack trace and report it");
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
        String sentence = message.startsWith("Error: ") ? message.substring(7) : message;
        String next = "see '" + commandLine.getCommandSpec().qualifiedName() + " --help'";
        // The options did not parse, so --json is looked for among the words given.
        printJson(Arrays.asList(args).contains("--json"), commandLine, "USAGE", sentence, next);
        err.println("error: USAGE: " + sentence);
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("next: " + next);
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void printJson(boolean json, CommandLine commandLine, String code, String message, String next) {
        if (!json) {
            return;
        }
        ObjectNode error = Output.object();
        error.putObject("error").put("code", code).put("message", message).put("next", next);
        new Output(commandLine.getOut(), true).printJson(error);
    }
}
