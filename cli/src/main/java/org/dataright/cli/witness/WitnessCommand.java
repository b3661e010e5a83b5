package org.dataright.cli.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.GlobalOptions;
import org.dataright.cli.base.Output;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import org.dataright.evidence.log.CosignatureSigner;
import org.dataright.evidence.log.NoteVerifier;
import org.dataright.evidence.log.NoteVerifiers;
import org.dataright.evidence.witness.FileWitnessStore;
import org.dataright.evidence.witness.Witness;
import org.dataright.evidence.witness.WitnessKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dpr witness init|serve}: run a c2sp.org/tlog-witness for the registry's transparency log. */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = "A witness of the registry's transparency log (c2sp.org/tlog-witness): it cosigns a checkpoint "
            + "only when it is consistent with the last one it cosigned.",
        subcommands = {WitnessCommand.Init.class, WitnessCommand.Serve.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr witness init --name judiciary.example/witness --key witness.key",
            "  dpr witness serve --key witness.key --state witness-state --listen 127.0.0.1:7380 \\",
            "      --log \"$(curl -s http://127.0.0.1:8080/tlog/vkey)\""})
public final class WitnessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    Output output() {
        GlobalOptions global = (GlobalOptions) spec.root().userObject();
        return new Output(spec.commandLine().getOut(), global.json());
    }

    Profile profile() {
        GlobalOptions global = (GlobalOptions) spec.root().userObject();
        return ProfileStore.of(global.env()).load(global.profileName());
    }

    Clock clock() {
        return ((GlobalOptions) spec.root().userObject()).env().clock();
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make the witness's Ed25519 cosigning key (mode 600) and print its verifier key, "
                + "which goes into the trust bundle's tlog-policy.",
            footerHeading = "%nExamples:%n",
            footer = "  dpr witness init --name judiciary.example/witness --key witness.key")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        WitnessCommand parent;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The witness's name, e.g. judiciary.example/witness (a schemaless URL, by convention).")
        String name;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Where to write the key; never replaced.")
        Path key;

        @Override
        public Integer call() throws IOException {
            CosignatureSigner signer;
            try {
                signer = WitnessKey.create(key, name, parent.clock());
            } catch (FileAlreadyExistsException e) {
                throw CliException.usage("WITNESS_KEY_EXISTS", key + " already exists; a witness keeps its key",
                        "give another --key, or use the existing one with 'dpr witness serve'");
            } catch (IllegalArgumentException e) {
                throw CliException.usage("BAD_WITNESS_NAME", e.getMessage(), "give a name such as judiciary.example/witness");
            }
            Output out = parent.output();
            if (out.isJson()) {
                out.printJson(Output.object().put("key", key.toString()).put("vkey", signer.verifier().vkey()));
            } else {
                out.say("wrote " + key + "; the witness's verifier key:");
                out.say(signer.verifier().vkey());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Answer POST /add-checkpoint until stopped. The last checkpoint cosigned per log is kept in "
                + "--state and written to disk before each cosignature is given out.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr witness serve --key witness.key --state witness-state --listen 127.0.0.1:7380 \\",
                "      --log \"$(curl -s http://127.0.0.1:8080/tlog/vkey)\""})
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        WitnessCommand parent;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The key 'dpr witness init' wrote.")
        Path key;

        @Option(names = "--log", required = true, paramLabel = "VKEY",
                description = "A log's verifier key (its name is the log's origin), e.g. from GET /tlog/vkey (repeatable).")
        List<String> logs = new ArrayList<>();

        @Option(names = "--state", required = true, paramLabel = "DIR", description = "Where the witness keeps what it cosigned.")
        Path state;

        @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7380",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String listen;

        @Option(names = "--audit", description = {"A full-audit witness: recompute the log from the channel's blocks, read "
            + "through the peer of the profile's connection (Deliver), and cosign only a root it reproduces.",
            "Needs exactly one --log, the registry's of the profile's channel."})
        boolean audit;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Map<String, NoteVerifiers> witnessed = logs(logs);
            if (!audit) {
                return serve(witnessed, null);
            }
            if (witnessed.size() != 1) {
                throw CliException.usage("USAGE", "--audit witnesses one log, the profile's channel's; " + witnessed.size()
                        + " are given", "give one --log");
            }
            String origin = witnessed.keySet().iterator().next();
            return ProfileLedger.call(parent.profile(), ledger -> {
                try (LedgerAuditor auditor = new LedgerAuditor(ledger, origin)) {
                    return serve(witnessed, auditor);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCodes.OK;
                }
            });
        }

        private int serve(Map<String, NoteVerifiers> witnessed, Witness.Auditor auditor)
                throws IOException, InterruptedException {
            Witness witness = new Witness(readKey(key, parent.clock()), witnessed, new FileWitnessStore(state), auditor);
            try (WitnessServer server = new WitnessServer(witness, address(listen))) {
                server.start();
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "witness-stop"));
                InetSocketAddress at = server.address();
                parent.output().say("witness " + witness.verifier().name() + " listening on http://"
                        + at.getHostString() + ":" + at.getPort() + "/add-checkpoint");
                parent.output().say("verifier key: " + witness.verifier().vkey());
                if (auditor != null) {
                    parent.output().say("full audit: roots are checked against this witness's own copy of the ledger");
                }
                parent.output().writer().flush();
                stopped.await();
            }
            return ExitCodes.OK;
        }
    }

    static CosignatureSigner readKey(Path key, Clock clock) {
        try {
            return WitnessKey.read(key, clock);
        } catch (IOException e) {
            throw CliException.usage("FILE_NOT_FOUND", "cannot read the witness key " + key,
                    "make one with 'dpr witness init --name NAME --key " + key + "'");
        } catch (IllegalArgumentException e) {
            throw CliException.usage("BAD_WITNESS_KEY", key + " is not a witness key: " + e.getMessage(),
                    "make one with 'dpr witness init'");
        }
    }

    /** The logs by origin: a log's key name is its origin, and one log may sign with several keys. */
    static Map<String, NoteVerifiers> logs(List<String> vkeys) {
        Map<String, List<NoteVerifier>> byOrigin = new LinkedHashMap<>();
        for (String vkey : vkeys) {
            NoteVerifier v;
            try {
                v = NoteVerifiers.parseKey(vkey.strip());
            } catch (IllegalArgumentException e) {
                throw CliException.usage("BAD_LOG_KEY", "--log '" + vkey + "': " + e.getMessage(),
                        "give the log's verifier key, e.g. from GET <service>/tlog/vkey");
            }
            byOrigin.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
        }
        Map<String, NoteVerifiers> out = new LinkedHashMap<>();
        byOrigin.forEach((origin, keys) -> out.put(origin, NoteVerifiers.of(keys)));
        return out;
    }

    private static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("USAGE", "--listen '" + listen + "' is not HOST:PORT", "e.g. --listen 127.0.0.1:7380");
        }
    }
}
