package org.dataright.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dataright.cli.base.Env;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every leaf command shares: the root's options, the environment, output and the profile. */
public abstract class DprCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** The top command's options (the top command is {@code org.dataright.cli.Dpr}, which nothing here depends on). */
    protected GlobalOptions root() {
        return (GlobalOptions) spec.root().userObject();
    }

    protected Env env() {
        return root().env();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected Output output() {
        return new Output(out(), root().json());
    }

    protected ProfileStore profiles() {
        return ProfileStore.of(env());
    }

    /** The selected profile; a usage error naming {@code dpr init} if there is none. */
    protected Profile profile() {
        return profiles().load(root().profileName());
    }
}
