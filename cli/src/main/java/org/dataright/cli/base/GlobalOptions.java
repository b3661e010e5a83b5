package org.dataright.cli.base;


/** What the top command knows that every subcommand asks: the machine, the output format, the profile's name. */
public interface GlobalOptions {
    Env env();

    /** {@code --json}: JSON on stdout instead of tables. */
    boolean json();

    /** The profile named on the command line, in $DPR_PROFILE, or "default". */
    String profileName();
}
