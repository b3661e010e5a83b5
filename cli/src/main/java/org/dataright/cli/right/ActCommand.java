package org.dataright.cli.right;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Table;
import org.dataright.cli.certificate.Certificates;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.ledger.PartyNames;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.service.RegistryService;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Option;

/**
 * A ledger act: arguments checked here first, then submitted signed with the user's key, then reported
 * (transaction, block, the record after the act) and, with {@code --certificate}, its evidence certificate saved.
 */
public abstract class ActCommand extends DprCommand {

    @Option(names = "--certificate", description = "Also fetch the act's evidence certificate (JSON and PDF) into --out.")
    boolean certificate;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where --certificate saves (default: current directory).")
    Path out;

    /** Checks the arguments (local files, digests) before anything is sent; throws usage errors. */
    protected void prepare() {
    }

    /** The act itself. */
    protected abstract Committed submit(RightsContract rights);

    /** Whether the certificate is fetched even without {@code --certificate}. */
    protected boolean certificateByDefault() {
        return false;
    }

    /** The file name base of a saved certificate and the directory it goes to. */
    protected Path certificateDir() {
        return out;
    }

    /** The party id a display name, handle or party id names, shown on stderr before the act is signed. */
    protected final String party(RightsContract rights, String option, String given) {
        return PartyNames.resolve(rights, err(), option, given);
    }

    protected String certificateBase(Committed committed) {
        return committed.transactionId();
    }

    @Override
    public final Integer call() {
        prepare();
        if (certificate || certificateByDefault()) {
            Certificates.requireDirectory(spec.commandLine(), certificateDir());
        }
        Profile profile = profile();
        Committed committed = ProfileLedger.call(profile, ledger -> submit(ledger.rights()));
        ActReport report = ActReport.of(committed);
        ObjectNode node = report.json();
        Table table = report.table();
        if (certificate || certificateByDefault()) {
            try {
                Certificates.Saved saved = Certificates.issueAndSave(new RegistryService(profile.requireService()),
                        committed.transactionId(), certificateDir(), certificateBase(committed));
                node.put("certificate", saved.json().toString());
                node.put("certificatePdf", saved.pdf().toString());
                table.row("certificate", saved.json());
            } catch (CliException e) {
                err().println("warning: the act is committed, but its certificate was not saved: " + e.code() + ": "
                        + e.getMessage());
                err().println("next: dpr certificate get --tx " + committed.transactionId());
                err().flush();
            }
        }
        output().print(node, table);
        return ExitCodes.OK;
    }
}
