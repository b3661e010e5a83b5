package org.dataright.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Env;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import org.dataright.evidence.trust.TrustBundle;
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

    /** A trust bundle and the file it was read from. */
    protected record TrustedBundle(Path path, TrustBundle bundle) {
    }

    protected static final String FETCH_HINT = "get the registry's bundle with 'dpr trust fetch --service URL --out "
            + "trust-bundle.json', compare its fingerprint with the one the operator publishes, then give --trust "
            + "trust-bundle.json";

    /**
     * The trust bundle a verification uses: {@code given}, else the profile's; a usage error saying how to get one
     * when there is none or it cannot be read.
     */
    protected TrustedBundle trustBundle(Path given) {
        Path path = given;
        if (path == null) {
            if (!profiles().exists(root().profileName())) {
                throw CliException.usage("NO_TRUST_BUNDLE", "no --trust BUNDLE given and there is no profile '"
                        + root().profileName() + "' to take one from", FETCH_HINT);
            }
            path = profile().trustBundle();
            if (!Files.isRegularFile(path)) {
                throw CliException.usage("NO_TRUST_BUNDLE", "profile '" + root().profileName() + "' has no trust bundle yet",
                        FETCH_HINT + ", or run 'dpr identity enroll' (embedded), which fetches it");
            }
        }
        if (!Files.isRegularFile(path)) {
            throw CliException.usage("FILE_NOT_FOUND", "the trust bundle " + path + " is not a readable file", FETCH_HINT);
        }
        try (Reader in = Files.newBufferedReader(path)) {
            return new TrustedBundle(path, TrustBundle.from(in));
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("TRUST_BUNDLE_INVALID", "the trust bundle " + path + " cannot be used: "
                    + e.getMessage(), "use the trust-bundle.json your network operator publishes");
        }
    }

    /** The selected profile; a usage error naming {@code dpr init} if there is none. */
    protected Profile profile() {
        return profiles().load(root().profileName());
    }
}
