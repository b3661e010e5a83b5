package org.dataright.cli;

import java.util.concurrent.Callable;
import org.dataright.cli.base.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the bash (and zsh) completion script for the whole command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script for dpr.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(dpr completion)                      # this shell",
            "  dpr completion > ~/.local/share/bash-completion/completions/dpr",
        })
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("dpr", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
