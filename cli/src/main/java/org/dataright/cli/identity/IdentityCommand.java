package org.dataright.cli.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.ProfileStore;
import org.dataright.cli.service.Enrollment;
import org.dataright.cli.service.NetworkCache;
import org.dataright.cli.service.RegistryService;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ConnectionProfile;
import org.dataright.ledger.client.NetworkDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code dpr identity}: the key pair and certificate the user acts with. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = "Your identity: a key pair made on this machine and its certificate.",
        subcommands = {IdentityCommand.Enroll.class, IdentityCommand.Import.class, IdentityCommand.Show.class,
            IdentityCommand.Export.class},
        footerHeading = "%nExamples:%n",
        footer = {"  dpr identity enroll --token 7f3a… --name \"Acme Data Ltd\"", "  dpr identity show"})
public final class IdentityCommand {

    private IdentityCommand() {
    }

    static void refuseOverwrite(Profile profile, boolean force) {
        if (IdentityStore.exists(profile) && !force) {
            throw CliException.usage("IDENTITY_EXISTS", "profile '" + profile.name() + "' already has an identity ("
                    + IdentityStore.load(profile).party() + ")",
                    "add --force to replace it (the old key is deleted), or use another --profile");
        }
    }

    /**
     * The selected profile; with {@code --service URL} and no such profile yet, a new embedded profile
     * for that URL (so enrolment needs no separate {@code dpr init}).
     */
    static Profile profileFor(ProfileStore store, String name, URI service) {
        if (service == null || store.exists(name)) {
            Profile profile = store.load(name);
            if (service != null && !service.equals(profile.serviceUrl())) {
                throw CliException.usage("PROFILE_EXISTS", "profile '" + name + "' already uses "
                        + profile.serviceUrl() + ", not " + service,
                        "leave out --service, or run 'dpr init --profile " + name + " --force --service " + service + "'");
            }
            return profile;
        }
        Profile profile = new Profile(name, Profile.Mode.EMBEDDED, service, Profile.DEFAULT_CHANNEL,
                Profile.DEFAULT_CHAINCODE, store.dir(name));
        store.save(profile);
        return profile;
    }

    static ObjectNode describe(StoredIdentity identity, Instant now) {
        X509Certificate c = identity.certificate();
        String state = now.isBefore(c.getNotBefore().toInstant()) ? "not yet valid"
                : now.isAfter(c.getNotAfter().toInstant()) ? "expired" : "valid";
        ObjectNode node = Output.object();
        node.put("party", identity.party());
        node.put("mspId", identity.mspId());
        node.put("role", identity.role().orElse(null));
        node.put("subject", c.getSubjectX500Principal().getName());
        node.put("issuer", c.getIssuerX500Principal().getName());
        node.put("serial", c.getSerialNumber().toString(16));
        node.put("notBefore", c.getNotBefore().toInstant().toString());
        node.put("notAfter", c.getNotAfter().toInstant().toString());
        node.put("status", state);
        node.put("keyFile", identity.keyFile().toString());
        return node;
    }

    /** {@code dpr identity enroll}: embedded registry enrollment with a one-time token. */
    @Command(name = "enroll", aliases = "enrol", mixinStandardHelpOptions = true,
            description = "Make a key pair here, send a certificate request with your enrollment token to the "
                + "registry, and keep the key (mode 600) and the certificate in the profile.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr identity enroll --token 7f3a… --name \"Acme Data Ltd\"",
                "  dpr identity enroll --service http://127.0.0.1:8080 --token 7f3a… --name \"Acme Data Ltd\"",
                "  dpr --profile court identity enroll --service http://127.0.0.1:8080 --token 91bc… --name \"Shanghai Court\""})
    public static final class Enroll extends DprCommand {
        @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "One-time enrollment token from the registrar.")
        String token;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Your name, the certificate's CN.")
        String name;

        @Option(names = "--force", description = "Replace an existing identity.")
        boolean force;

        @Option(names = "--service", paramLabel = "URL",
                description = "Registry service URL: creates the profile if it does not exist (instead of 'dpr init').")
        String service;

        @Override
        public Integer call() {
            URI serviceUrl = Profile.serviceUrl(spec.commandLine(), service);
            if (name.isBlank() || name.length() > 64) {
                throw new ParameterException(spec.commandLine(), "--name must be 1 to 64 characters");
            }
            if (token.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--token must not be empty");
            }
            boolean created = serviceUrl != null && !profiles().exists(root().profileName());
            Profile profile = profileFor(profiles(), root().profileName(), serviceUrl);
            try {
                return enroll(profile);
            } catch (RuntimeException e) {
                if (created) {
                    profiles().deleteNew(profile);
                }
                throw e;
            }
        }

        private Integer enroll(Profile profile) {
            if (profile.mode() == Profile.Mode.FABRIC) {
                throw CliException.usage("FABRIC_PROFILE", "profile '" + profile.name()
                        + "' is for a Fabric network, whose certificates come from the organisation's Fabric CA",
                        "enrol with your Fabric CA and run 'dpr identity import --cert CERT --key KEY'");
            }
            refuseOverwrite(profile, force);
            NetworkCache.fetch(profile);
            KeyPair keys = KeyMaterial.newKeyPair();
            Enrollment enrollment = new RegistryService(profile.requireService())
                    .enroll(token.strip(), KeyMaterial.csr(keys, name.strip()));
            X509Certificate certificate;
            try {
                certificate = Pem.certificate(enrollment.certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw CliException.cannotConnect("SERVICE_ERROR", "the registry returned no valid certificate: " + e.getMessage(),
                        "ask the registry operator", e);
            }
            if (!certificate.getPublicKey().equals(keys.getPublic())) {
                throw CliException.rejected("CERTIFICATE_MISMATCH",
                        "the registry's certificate is not for the key made here", "ask the registry operator");
            }
            StoredIdentity identity = IdentityStore.save(profile, enrollment.mspId(), keys.getPrivate(), certificate,
                    enrollment.caRootCertificates());
            ObjectNode node = describe(identity, env().clock().instant());
            output().print(node, Table.fieldsOf(node));
            return ExitCodes.OK;
        }
    }

    /** {@code dpr identity import}: a certificate and key from Fabric CA (or any MSP folder). */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Use a certificate and private key you already have (e.g. from Fabric CA's "
                + "msp/signcerts and msp/keystore).",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr --profile org1 identity import --cert msp/signcerts/cert.pem --key msp/keystore/priv_sk",
                "  dpr --profile registrar identity import --service http://127.0.0.1:8080 \\",
                "      --cert data/peer/crypto/admin/cert.pem --key data/peer/crypto/admin/key.pem"})
    public static final class Import extends DprCommand {
        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "PEM certificate.")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "PEM private key (PKCS#8).")
        Path key;

        @Option(names = "--msp-id", paramLabel = "ID",
                description = "MSP id (default: the connection profile's organisation, or the registry's MSP).")
        String mspId;

        @Option(names = "--force", description = "Replace an existing identity.")
        boolean force;

        @Option(names = "--service", paramLabel = "URL",
                description = "Registry service URL: creates an embedded profile if it does not exist (instead of 'dpr init').")
        String service;

        @Override
        public Integer call() {
            Profile profile = profileFor(profiles(), root().profileName(), Profile.serviceUrl(spec.commandLine(), service));
            refuseOverwrite(profile, force);
            // Read nothing but regular files: a pipe would block and /dev/zero would never end.
            requireFile("--cert", cert);
            requireFile("--key", key);
            X509Certificate certificate;
            PrivateKey privateKey;
            try {
                certificate = KeyMaterial.readCertificate(cert);
            } catch (IOException e) {
                throw CliException.usage("CERTIFICATE_UNREADABLE", "cannot read " + cert + ": " + KeyMaterial.describe(e),
                        "give the PEM certificate file");
            } catch (IllegalArgumentException e) {
                throw CliException.usage("CERTIFICATE_UNREADABLE", e.getMessage(), "give the PEM certificate file");
            }
            try {
                privateKey = KeyMaterial.readPrivateKey(key);
            } catch (IOException e) {
                throw CliException.usage("KEY_UNREADABLE", "cannot read " + key + ": " + KeyMaterial.describe(e),
                        "give the PEM (PKCS#8) private key file");
            } catch (IllegalArgumentException e) {
                throw CliException.usage("KEY_UNREADABLE", e.getMessage(), "give the PEM (PKCS#8) private key file");
            }
            if (!KeyMaterial.matches(privateKey, certificate.getPublicKey())) {
                throw CliException.usage("KEY_MISMATCH", "the key " + key + " does not belong to the certificate " + cert,
                        "give the key made with this certificate");
            }
            String msp = mspId != null ? mspId : defaultMspId(profile);
            StoredIdentity identity = IdentityStore.save(profile, msp, privateKey, certificate, List.of());
            ObjectNode node = describe(identity, env().clock().instant());
            output().print(node, Table.fieldsOf(node));
            return ExitCodes.OK;
        }

        private static void requireFile(String option, Path file) {
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("FILE_NOT_FOUND", option + " " + file + " is not a readable file",
                        "give the PEM file of your enrollment (msp/signcerts/cert.pem, msp/keystore/key.pem)");
            }
        }

        private String defaultMspId(Profile profile) {
            try {
                if (profile.mode() == Profile.Mode.FABRIC && profile.connectionProfile().isPresent()) {
                    return ConnectionProfile.read(profile.connectionProfile().get()).clientMspId();
                }
            } catch (IOException | IllegalArgumentException e) {
                throw CliException.usage("CONNECTION_PROFILE_INVALID", "the profile's connection profile cannot be read: "
                        + e.getMessage(), "give --msp-id, or run 'dpr init --force' again");
            }
            NetworkDescription info = NetworkCache.loadOrFetch(profile);
            if (info.mspId() == null) {
                throw new ParameterException(spec.commandLine(), "--msp-id is required: the registry names no MSP");
            }
            return info.mspId();
        }
    }

    /** {@code dpr identity show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show your party id, MSP id, role and the certificate's validity.",
            footerHeading = "%nExamples:%n", footer = {"  dpr identity show", "  dpr identity show --json"})
    public static final class Show extends DprCommand {
        @Override
        public Integer call() {
            ObjectNode node = describe(IdentityStore.load(profile()), env().clock().instant());
            output().print(node, Table.fieldsOf(node));
            return ExitCodes.OK;
        }
    }

    /** {@code dpr identity export}: the public certificate, for counterparties. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print (or write) your certificate and party id, for counterparties. The private key is never exported.",
            footerHeading = "%nExamples:%n", footer = {"  dpr identity export > acme.pem", "  dpr identity export --out acme.pem"})
    public static final class Export extends DprCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the PEM certificate to FILE.")
        Path out;

        @Override
        public Integer call() {
            StoredIdentity identity = IdentityStore.load(profile());
            String pem = Pem.of(identity.certificate());
            if (out != null) {
                try {
                    Files.writeString(out, pem);
                } catch (IOException e) {
                    throw CliException.failed("WRITE_FAILED", "cannot write " + out + ": " + e.getMessage(),
                            "check the path", e);
                }
            }
            if (output().isJson()) {
                output().printJson(Output.object().put("party", identity.party()).put("mspId", identity.mspId())
                        .put("role", identity.role().orElse(null)).put("certificate", pem));
            } else if (out == null) {
                out().print(pem);
                out().flush();
            } else {
                output().say("wrote " + out + " (party " + identity.party() + ")");
            }
            return ExitCodes.OK;
        }
    }
}
