package org.dataright.cli.participant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.identity.IdentityStore;
import org.dataright.cli.identity.KeyMaterial;
import org.dataright.cli.identity.StoredIdentity;
import org.dataright.cli.ledger.PartyNames;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.right.ActCommand;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.KeyFingerprint;
import org.dataright.ledger.client.Parties;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The keys the participant directory pins to each name: {@code dpr identity history | renew | rebind | revoke}.
 * They read and write the ledger, so they live here rather than in the identity package (which the ledger
 * package depends on); {@code Dpr} adds them to {@code dpr identity}.
 */
public final class KeyCommands {
    /** The commands {@code dpr identity} gains from here. */
    public static final List<Class<?>> IDENTITY_SUBCOMMANDS = List.of(History.class, Renew.class, Rebind.class, Revoke.class);

    private KeyCommands() {
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = {"Every key ever bound to a participant's name in the ledger's directory (yours by default): "
                + "its fingerprint (SHA-256 of the public key), from and until when (transaction times), how it was bound "
                + "(enrolment, first-use, renewal, rebind) and how it ended (renewed, rebound, revoked), with the "
                + "transaction ids.", "A key you do not recognise is someone acting in your name: tell the registrar."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr identity history", "  dpr identity history first-bank --json"})
    public static final class History extends DprCommand {
        @Parameters(paramLabel = "PARTY", arity = "0..1", description = "Display name, handle or party id (default: you).")
        String party;

        @Override
        public Integer call() {
            String who = party == null ? IdentityStore.load(profile()).party() : null;
            List<Parties.Key> keys = ProfileLedger.call(profile(), ledger -> new Parties(ledger.rights())
                    .keys(who != null ? who : PartyNames.resolve(ledger.rights(), err(), "PARTY", party)));
            Table table = new Table("FINGERPRINT", "FROM", "UNTIL", "HOW", "TX");
            for (Parties.Key k : keys) {
                String how = lower(k.how()) + (k.current() ? " (current)" : " → " + lower(k.end()))
                        + (k.endReason() != null ? ": " + k.endReason() : k.reason() != null ? ": " + k.reason() : "");
                table.row(k.fingerprint(), k.from(), k.until() == null ? "-" : k.until(), how,
                        k.untilTx() == null ? k.fromTx() : k.fromTx() + " / " + k.untilTx());
            }
            if (keys.isEmpty() && !output().isJson()) {
                err().println("no key is bound yet: this entry is from before keys were pinned, and the participant's "
                        + "first act binds the key it signs with");
                err().flush();
            }
            output().print(Output.JSON.valueToTree(keys), table);
            return ExitCodes.OK;
        }

        private static String lower(String s) {
            return s.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = {"Bind the key of your new certificate to your name, signing with your current key (a RENEW_KEY "
                + "act), then use it in this profile; the old key can no longer act.",
                "The new certificate comes from your organisation's CA (Fabric CA 'reenroll'). In embedded mode a "
                + "renewal is 'dpr identity enroll --force' with a renewal token, and the registry binds the new key."},
            footerHeading = "%nExamples:%n",
            footer = {"  dpr identity renew --cert msp/signcerts/cert.pem --key msp/keystore/priv_sk"})
    public static final class Renew extends DprCommand {
        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The new PEM certificate.")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Its PEM private key (PKCS#8).")
        Path key;

        @Override
        public Integer call() {
            StoredIdentity current = IdentityStore.load(profile());
            X509Certificate certificate = readCertificate("--cert", cert);
            PrivateKey privateKey = readKey(key);
            if (!KeyMaterial.matches(privateKey, certificate.getPublicKey())) {
                throw CliException.usage("KEY_MISMATCH", "the key " + key + " does not belong to the certificate " + cert,
                        "give the key made with this certificate");
            }
            String party = StoredIdentity.partyOf(current.mspId(), certificate);
            if (!party.equals(current.party())) {
                throw CliException.usage("CERTIFICATE_MISMATCH", "the certificate is for " + party + ", not for you ("
                        + current.party() + ")", "give the certificate your CA issued for your own name");
            }
            Committed committed = ProfileLedger.call(profile(), ledger -> ledger.rights().renewKey(Pem.of(certificate)));
            StoredIdentity renewed = IdentityStore.save(profile(), current.mspId(), privateKey, certificate, List.of());
            output().print(Output.object().put("party", renewed.party()).put("transactionId", committed.transactionId())
                    .put("previousKey", KeyFingerprint.of(current.certificate())).put("key", KeyFingerprint.of(certificate)),
                    Table.fields().row("party", renewed.party()).row("transaction", committed.transactionId())
                            .row("previous key", KeyFingerprint.of(current.certificate()))
                            .row("key", KeyFingerprint.of(certificate)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "rebind", mixinStandardHelpOptions = true,
            description = "Bind a new key to a participant without its old key (registrar role; a REBIND_KEY act with "
                + "your reason, in the participant's history and the transparency log); every key it had stops.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar identity rebind beta-analytics-co --cert beta-new.pem --reason 'key lost, ticket 42'"})
    public static final class Rebind extends ActCommand {
        @Parameters(paramLabel = "PARTY", description = "Display name, handle or party id.")
        String party;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The participant's new PEM certificate.")
        Path cert;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the record.")
        String reason;

        private String pem;

        @Override
        protected void prepare() {
            pem = Pem.of(readCertificate("--cert", cert));
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.rebindKey(party(rights, "PARTY", party), pem, reason);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a participant's current key (registrar role; a REVOKE_KEY act with your reason): from the "
                + "next block the chaincode refuses every act signed with it.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile registrar identity revoke beta-analytics-co --fingerprint 3f1c… --reason 'laptop stolen'",
                "  dpr --profile registrar identity revoke beta-analytics-co --cert beta.pem --reason 'key leaked'"})
    public static final class Revoke extends ActCommand {
        @Parameters(paramLabel = "PARTY", description = "Display name, handle or party id.")
        String party;

        @Option(names = "--fingerprint", paramLabel = "HEX",
                description = "The key's fingerprint, as 'dpr identity history' lists it.")
        String fingerprint;

        @Option(names = "--cert", paramLabel = "FILE", description = "Or the certificate whose key is revoked.")
        Path cert;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the record.")
        String reason;

        @Override
        protected void prepare() {
            if ((fingerprint == null) == (cert == null)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "name the key with --fingerprint HEX or --cert FILE (one of them)");
            }
            if (cert != null) {
                fingerprint = KeyFingerprint.of(readCertificate("--cert", cert));
            }
        }

        @Override
        protected Committed submit(RightsContract rights) {
            return rights.revokeKey(party(rights, "PARTY", party), fingerprint.strip(), reason);
        }
    }

    /** A PEM certificate file given with {@code option}; a usage error in words otherwise. */
    static X509Certificate readCertificate(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("FILE_NOT_FOUND", option + " " + file + " is not a readable file", "give the PEM certificate file");
        }
        try {
            return KeyMaterial.readCertificate(file);
        } catch (IOException e) {
            throw CliException.usage("CERTIFICATE_UNREADABLE", "cannot read " + file + ": " + KeyMaterial.describe(e),
                    "give the PEM certificate file");
        } catch (IllegalArgumentException e) {
            throw CliException.usage("CERTIFICATE_UNREADABLE", e.getMessage(), "give the PEM certificate file");
        }
    }

    private static PrivateKey readKey(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("FILE_NOT_FOUND", "--key " + file + " is not a readable file", "give the PEM (PKCS#8) private key file");
        }
        try {
            return KeyMaterial.readPrivateKey(file);
        } catch (IOException e) {
            throw CliException.usage("KEY_UNREADABLE", "cannot read " + file + ": " + KeyMaterial.describe(e),
                    "give the PEM (PKCS#8) private key file");
        } catch (IllegalArgumentException e) {
            throw CliException.usage("KEY_UNREADABLE", e.getMessage(), "give the PEM (PKCS#8) private key file");
        }
    }
}
