package org.dataright.cli.drill;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command lines the drills build on: one valid invocation of every command, and bad paths of every kind. */
final class Commands {
    static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String START = "2025-01-01T00:00:00Z";
    static final String END = "2026-01-01T00:00:00Z";

    private Commands() {
    }

    static String[] args(String... args) {
        return args;
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** One valid invocation of every command that acts or reads, with everything it needs. */
    static Map<String, String[]> everyCommand(DrillHome home) {
        String right = "A-1/RESOURCE_HOLDING";
        String data = home.input("data.csv");
        Map<String, String[]> commands = new LinkedHashMap<>();
        commands.put("identity show", args("identity", "show"));
        commands.put("identity export", args("identity", "export"));
        commands.put("token issue", args("token", "issue", "--role", "court", "--name", "Court"));
        commands.put("asset register", args("asset", "register", data, "--industry", "i", "--region", "r"));
        commands.put("asset show", args("asset", "show", "A-1"));
        commands.put("asset history", args("asset", "history", "A-1"));
        commands.put("right register", args("right", "register", "A-1", "PRODUCT_OPERATION"));
        commands.put("right offer", args("right", "offer", right, "--to", "M::CN=b", "--contract", HEX));
        commands.put("right accept", args("right", "accept", right));
        commands.put("right reject", args("right", "reject", right));
        commands.put("right cancel", args("right", "cancel", right));
        commands.put("rights list", args("rights", "list"));
        commands.put("licence grant", args("licence", "grant", "A-1", "PROCESSING_USE", "--to", "M::CN=b", "--purpose", "p",
                "--scope", "s", "--territory", "CN", "--start", START, "--end", END));
        commands.put("licence revoke", args("licence", "revoke", "A-1/L-1", "--reason", "r"));
        commands.put("pledge", args("pledge", right, "--to", "M::CN=bank", "--contract", HEX));
        commands.put("release", args("release", right));
        commands.put("freeze", args("freeze", "A-1", "--case", "c-1", "--order", HEX));
        commands.put("unfreeze", args("unfreeze", "A-1", "--case", "c-1"));
        commands.put("objection file", args("objection", "file", "P-1", "--grounds", "g"));
        commands.put("objection resolve", args("objection", "resolve", "O-1", "--uphold", "--reason", "r"));
        commands.put("evidence anchor", args("evidence", "anchor", data, "--asset", "A-1"));
        commands.put("act review", args("act", "review", "P-1", "--approve"));
        commands.put("act take-effect", args("act", "take-effect", "P-1"));
        commands.put("registry configure", args("registry", "configure", "--review-required", "true", "--publicity-days", "7"));
        commands.put("ledger info", args("ledger", "info"));
        return commands;
    }

    /** Things that are not a readable regular file, for any option that reads one. */
    static Map<String, String> notFiles(DrillHome home) {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("a missing file", home.input("missing.bin"));
        paths.put("a directory", home.input("a-directory"));
        paths.put("a named pipe", home.input("fifo"));
        paths.put("a dangling link", home.input("dangling"));
        paths.put("/dev/zero", home.input("zero"));
        paths.put("a 5,000-character path", home.input("x".repeat(5000)));
        return paths;
    }
}
