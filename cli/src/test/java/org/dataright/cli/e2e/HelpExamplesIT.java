package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dataright.cli.Dpr;
import org.dataright.cli.base.Env;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every example that {@code dpr … --help} prints runs, as a user would paste it into bash, against the
 * registry service as shipped (its own, so the participants the examples name are the only ones): the
 * repository's {@code ./dpr} launcher on the PATH, the working directory holding the files the examples
 * name. The ids of the examples ({@code A-3f9c0d1e2a4b5c6d}, {@code P-…}, {@code 7f3a…}, the service's
 * address) are replaced by real ones of the story; nothing else is changed. Each example succeeds, or is
 * refused with the code stated here and the reason in its comment. An example in the help that this test
 * does not run, or one it runs that the help no longer has, fails the test: add the new example to the
 * story below with its expected outcome.
 */
class HelpExamplesIT {
    private static final String CONTRACT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Pattern ASSET = Pattern.compile("A-[0-9a-f]{16}");

    @TempDir
    static Path dir;

    private static RegistryServiceProcess service;
    private static Path work;

    /** Literal text of the examples → what stands for it in this run, replaced in this order. */
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Set<String> ran = new LinkedHashSet<>();
    /** Examples that did not do what the story expects: all are reported at the end, not only the first. */
    private static final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void startService() {
        service = RegistryServiceProcess.builder(RegistryServiceProcess.serviceJar(), dir.resolve("service/data"),
                dir.resolve("service/service.log")).embedded(RegistryServiceProcess.chaincodeJar())
                .jvmOptions("-XX:+UseSerialGC").build();
        service.start();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyHelpExampleRunsAgainstARealLedger() throws Exception {
        Set<String> examples = examples();
        setUpWorkingDirectory();
        String url = service.url().toString();
        ids.put("http://127.0.0.1:8080", url);
        ids.put("https://registry.example.org", url);
        ids.put("9f86d0…08", CONTRACT);

        // The registrar, the participants the examples name, and their profiles.
        ok("dpr --profile registrar identity import --service http://127.0.0.1:8080 "
                + "--cert data/peer/crypto/admin/cert.pem --key data/peer/crypto/admin/key.pem");
        ok("dpr init --service http://127.0.0.1:8080");
        // The token is in the 'next:' line the registrar gives the participant.
        ids.put("7f3a…", tokenIn(run("dpr --profile registrar token issue --role enterprise --name \"Acme Data Ltd\"",
                null, ExitCodes.OK, null)));
        ok("dpr identity enroll --token 7f3a… --name \"Acme Data Ltd\"");
        ok("dpr --profile registrar token issue --role court --name \"Pudong Court\" --valid-hours 24 --json");
        ids.put("91bc…", token("court", "Shanghai Court"));
        ok("dpr --profile court identity enroll --service http://127.0.0.1:8080 --token 91bc… --name \"Shanghai Court\"");
        enrol("beta", "enterprise", "Beta Analytics Co");
        enrol("bank", "bank", "First Bank");
        ok("dpr identity show");
        ok("dpr identity show --json");
        ok("dpr identity export > acme.pem");
        assertThat(Files.readString(work.resolve("acme.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        ok("dpr identity export --out acme.pem");

        // The participant directory.
        ok("dpr participant list");
        ok("dpr participant list --json");
        ok("dpr participant search bank");
        ok("dpr participant show first-bank");
        ok("dpr participant show 'First Bank'");
        ok("dpr participant show 'Beta Analytics Co' --json");
        ok("dpr --profile registrar participant register --party 'Org2MSP::CN=Pudong Bank,OU=client' "
                + "--name 'Pudong Bank' --handle pudong-bank --role bank");
        ok("dpr participant search Org2MSP --json");

        // Registration.
        ok("dpr asset register sales-2024.csv --title \"Sales 2024\" --industry retail --region CN-31");
        JsonNode certificate = Output.JSON.readTree(work.resolve("sales-2024.csv.certificate.json").toFile());
        String sales = certificate.get("assetId").asText();
        ok("dpr asset register sales-2024.csv --industry retail --region CN-31"); // registered already: skipped
        ok("dpr asset register --dir exports/ --industry finance --region CN-31 --classification IMPORTANT");
        ok("dpr asset register --manifest assets.csv");
        String panel = Output.JSON.readTree(work.resolve("panel.csv.certificate.json").toFile()).get("assetId").asText();
        String logs = Output.JSON.readTree(work.resolve("exports/logs.csv.certificate.json").toFile()).get("assetId")
                .asText();
        String quotes = Output.JSON.readTree(work.resolve("exports/quotes.csv.certificate.json").toFile()).get("assetId")
                .asText();
        ids.put("A-3f9c0d1e2a4b5c6d", sales);
        ids.put("A-…", sales);
        ids.put("A-7Q2…", sales);
        ok("dpr asset show A-3f9c0d1e2a4b5c6d");
        ok("dpr asset show A-3f9c0d1e2a4b5c6d --json");
        ok("dpr asset history A-3f9c0d1e2a4b5c6d");
        ok("dpr asset history A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING");
        ok("dpr asset history A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --json");
        ok("dpr right register A-3f9c0d1e2a4b5c6d INTELLECTUAL_PROPERTY --claim \"Curated 2024 retail panel\"");

        // Offers: rejected by the receiver, cancelled by the holder, accepted (twice, on two data assets).
        String offer = "dpr right offer A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to 'Beta Analytics Co' --contract sale.pdf";
        ok(offer);
        ok("dpr right reject A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING", "beta");
        ok("dpr right offer A-…/RESOURCE_HOLDING --to 'RegistryMSP::OU=client,CN=Beta Analytics Co' --contract sale.pdf");
        ok("dpr right cancel A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING");
        ok("dpr right offer A-…/INTELLECTUAL_PROPERTY --to beta-analytics-co --contract 9f86d0…08 "
                + "--expires 2027-12-31T00:00:00Z");
        ok(offer);
        ok("dpr right accept A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING", "beta");
        withAsset(panel, () -> {
            ok(offer);
            ok("dpr right accept A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --certificate", "beta");
        });

        // Beta now holds the sales data: it pledges it to the bank, by name and by handle; the bank releases.
        ok("dpr pledge A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to 'First Bank' --contract loan.pdf", "beta");
        ok("dpr --profile bank release A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING");
        ok("dpr pledge A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --to first-bank --contract 9f86d0…08", "beta");
        ok("dpr --profile bank release A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING");

        // Licences, by Acme, which still holds the quotes and logs data.
        withAsset(quotes, () -> {
            String licence = run("dpr licence grant A-3f9c0d1e2a4b5c6d PROCESSING_USE --to beta-analytics-co "
                    + "--purpose \"credit scoring\" --scope \"aggregate statistics\" --territory CN "
                    + "--start 2027-01-01T00:00:00Z --end 2028-01-01T00:00:00Z", null, ExitCodes.OK, null);
            ids.put("L-77ab01c2d3e4f5a6", find(Pattern.compile("L-[0-9a-f]{16}"), licence));
            ok("dpr licence revoke A-3f9c0d1e2a4b5c6d/L-77ab01c2d3e4f5a6 --reason \"payment overdue\"");
        });
        withAsset(logs, () -> ok("dpr licence grant A-3f9c0d1e2a4b5c6d PROCESSING_USE --to 'Beta Analytics Co' "
                + "--purpose \"credit scoring\" --scope \"aggregate statistics\" --territory GLOBAL "
                + "--start 2027-01-01T00:00:00Z --end 2028-01-01T00:00:00Z --exclusive"));

        // Lists, evidence, the ledger, certificates and their verification.
        ok("dpr rights list");
        ok("dpr rights list --holder 'Beta Analytics Co' --json");
        ids.put("--bookmark …", "--bookmark " + bookmark());
        ok("dpr rights list --holder beta-analytics-co --size 50 --bookmark …");
        withAsset(logs, () -> {
            ok("dpr evidence anchor processing-log-2025-03.txt --asset A-3f9c0d1e2a4b5c6d --kind PROCESSING_LOG");
            ok("dpr evidence anchor contract.pdf --asset A-3f9c0d1e2a4b5c6d --kind CONTRACT --description \"sale to Beta\"");
        });
        ok("dpr ledger info");
        ok("dpr ledger info --json");
        ids.put("3f9c…e1", certificate.findValue("transactionId").asText());
        ids.put("C-3f9c…", certificate.get("id").asText());
        ok("dpr certificate get --tx 3f9c…e1");
        ok("dpr certificate get --tx 3f9c…e1 --out evidence/");
        ok("dpr certificate get --id C-3f9c… --out evidence/");
        ok("dpr certificate get --tx 3f9c…e1 --full-block");
        // The files of the --dir example were registered in one batch: one certificate per data asset.
        JsonNode logsCertificate = Output.JSON.readTree(work.resolve("exports/logs.csv.certificate.json").toFile());
        String salesTx = ids.put("3f9c…e1", logsCertificate.findValue("transactionId").asText());
        ids.put("A-3f9c…-7", logs);
        ok("dpr certificate get --tx 3f9c…e1 --asset A-3f9c…-7");
        ids.put("3f9c…e1", salesTx);
        ok("dpr certificate standing A-7Q2…/RESOURCE_HOLDING");
        ok("dpr certificate standing A-7Q2… --out evidence/");
        ok("dpr verify sales-2024.csv.certificate.json --file sales-2024.csv");
        ok("dpr verify sales-2024.csv.certificate.json --online");
        ok("dpr trust fetch --service https://registry.example.org --out trust-bundle.json");
        ok("dpr trust show trust-bundle.json");
        Files.copy(work.resolve("sales-2024.csv.certificate.pdf"), work.resolve("certificate.pdf"));
        ok("dpr verify certificate.pdf --trust trust-bundle.json");
        ok("dpr verify certificate.pdf --trust trust-bundle.json --json");

        // A court freezes the quotes data and unfreezes it.
        withAsset(quotes, () -> {
            ok("dpr --profile court freeze A-3f9c0d1e2a4b5c6d --case \"(2025) Hu 01 Min Chu 123\" --order order.pdf");
            ok("dpr --profile court unfreeze A-3f9c0d1e2a4b5c6d --case \"(2025) Hu 01 Min Chu 123\"");
        });

        // Review and publicity: registrations wait for the registrar, objections are filed and resolved.
        ok("dpr --profile registrar registry configure --review-required true --publicity-days 30");
        ids.put("P-3f9c0d1e2a4b5c6d", pendingRegistration("berths.csv"));
        ok("dpr --profile registrar act list --pending-review");
        ok("dpr act list --mine");
        ok("dpr --profile registrar act review P-3f9c0d1e2a4b5c6d --approve");
        ok("dpr act list --in-publicity --json");
        ids.put("O-91ab…", find(Pattern.compile("O-[0-9a-f]{16}"), run("dpr objection file P-3f9c0d1e2a4b5c6d "
                + "--grounds \"we collected this data\" --evidence survey.pdf", "beta", ExitCodes.OK, null)));
        ok("dpr --profile registrar objection resolve O-91ab… --dismiss --reason \"no prior claim shown\"");
        // The publicity of 30 days runs: the act cannot take effect yet (the README's PUBLICITY_RUNNING); it
        // would once they have passed. Without a publicity period an approved act is in effect at once, so
        // no test can see these examples succeed without waiting the period out.
        refused("dpr act take-effect P-3f9c0d1e2a4b5c6d", null, ExitCodes.REJECTED, "PUBLICITY_RUNNING");
        refused("dpr act take-effect P-3f9c0d1e2a4b5c6d --certificate --out certificates/", null, ExitCodes.REJECTED,
                "PUBLICITY_RUNNING");
        ids.put("O-91ab…", find(Pattern.compile("O-[0-9a-f]{16}"), run("dpr objection file P-3f9c0d1e2a4b5c6d "
                + "--grounds \"we collected this data\" --evidence survey.pdf", "beta", ExitCodes.OK, null)));
        ok("dpr --profile registrar objection resolve O-91ab… --uphold --reason \"prior registration proven\"");
        ids.put("P-3f9c0d1e2a4b5c6d", pendingRegistration("cranes.csv"));
        ok("dpr --profile registrar act review P-3f9c0d1e2a4b5c6d --reject --reason \"the title names another firm's data\"");
        ok("dpr --profile registrar registry configure --review-required false --publicity-days 0");

        // Keys: the participant's history; Acme renews with a new certificate from its CA (here the organisation
        // CA of the embedded network, as Fabric CA re-enrols); the registrar rebinds Beta's key and revokes it.
        ok("dpr identity history");
        ok("dpr identity history first-bank --json");
        Map<String, String> msp = Map.of("msp/signcerts/cert.pem", newCertificate("Acme Data Ltd", "acme-new"),
                "msp/keystore/priv_sk", "acme-new-key.pem");
        ids.putAll(msp);
        ok("dpr identity renew --cert msp/signcerts/cert.pem --key msp/keystore/priv_sk");
        msp.keySet().forEach(ids::remove);
        String betaNew = newCertificate("Beta Analytics Co", "beta-new");
        Files.copy(work.resolve(betaNew), work.resolve("beta.pem"));
        ok("dpr --profile registrar identity rebind beta-analytics-co --cert beta-new.pem --reason 'key lost, ticket 42'");
        ids.put("3f1c…", org.dataright.ledger.client.KeyFingerprint.of(
                org.dataright.fabric.crypto.Pem.certificate(Files.readString(work.resolve(betaNew)))));
        ok("dpr --profile registrar identity revoke beta-analytics-co --fingerprint 3f1c… --reason 'laptop stolen'");
        // beta.pem is the key the example before revoked: a key is revoked once.
        refused("dpr --profile registrar identity revoke beta-analytics-co --cert beta.pem --reason 'key leaked'", null,
                ExitCodes.REJECTED, "KEY_REVOKED");

        // A new key for Acme, on another machine (profile) that has not run 'dpr init': the registrar rebinds
        // Acme's key to it, so the key of this machine's profile acts no more (after its last example above).
        ids.put("7f3a…", tokenIn(run("dpr --profile registrar token issue --role enterprise --name \"Acme Data Ltd\" "
                + "--renewal", null, ExitCodes.OK, null)));
        ok("dpr identity enroll --service http://127.0.0.1:8080 --token 7f3a… --name \"Acme Data Ltd\"", "acme-laptop");

        // The registrar changes participants: last, as the examples above use their handles and status.
        ok("dpr --profile registrar participant change 'First Bank' --role bank,exchange --handle fb");
        ok("dpr --profile registrar participant change beta-analytics-co --status SUSPENDED");

        // Fabric mode: a profile from a connection profile and a trust bundle, an identity from an MSP folder.
        ok("dpr init --profile org1 --fabric --connection-profile connection-org1.yaml "
                + "--trust-bundle trust-bundle.json --service https://registry.example.org");
        ok("dpr --profile org1 identity import --cert msp/signcerts/cert.pem --key msp/keystore/priv_sk");
        ok("dpr trust bundle --channel registry --chaincode rights --endorsement-policy \"OR('Org1MSP.peer')\" "
                + "--orderer-org OrdererMSP=orderer/msp --org Org1MSP=org1/msp --out trust-bundle.json");
        ids.put("peerOrganizations/registry.example.com/msp …", "peerOrganizations/registry.example.com/msp "
                + "--org ExchangeOrgMSP=peerOrganizations/exchange.example.com/msp "
                + "--org JudiciaryOrgMSP=peerOrganizations/judiciary.example.com/msp");
        ok("dpr trust bundle --channel registry --chaincode rights "
                + "--endorsement-policy \"AND('RegistryOrgMSP.peer',OR('ExchangeOrgMSP.peer','JudiciaryOrgMSP.peer'))\" "
                + "--orderer-org OrdererOrgMSP=ordererOrganizations/orderer.example.com/msp "
                + "--org RegistryOrgMSP=peerOrganizations/registry.example.com/msp … "
                + "--issuer-root data/issuer/ECDSA_P256/root.pem --out run/trust-bundle.json");

        // A witness of the registry's transparency log; completion.
        ok("dpr witness init --name judiciary.example/witness --key witness.key");
        serveWitness("dpr witness serve --key witness.key --state witness-state --listen 127.0.0.1:7380 "
                + "--log \"$(curl -s http://127.0.0.1:8080/tlog/vkey)\"");
        ok("source <(dpr completion)");
        ok("dpr completion > ~/.local/share/bash-completion/completions/dpr");

        assertThat(failures).as("examples that failed").isEmpty();
        assertThat(new TreeSet<>(examples)).as("examples in --help that this test does not run: add each to the "
                + "story with its expected outcome").containsExactlyElementsOf(new TreeSet<>(ran));
    }

    // ---- the examples

    /** Every example line of every command's help, continuation lines joined, comments dropped. */
    static Set<String> examples() {
        Set<String> found = new LinkedHashSet<>();
        collect(Dpr.commandLine(new Dpr(Env.system())), found);
        return found;
    }

    private static void collect(CommandLine command, Set<String> found) {
        StringBuilder pending = null;
        List<String> lines = new ArrayList<>();
        for (String footer : command.getCommandSpec().usageMessage().footer()) {
            lines.addAll(List.of(footer.split("%n|\n")));
        }
        for (String raw : lines) {
            String line = raw.strip();
            if (pending == null && !(line.startsWith("dpr ") || line.startsWith("source <(dpr "))) {
                continue; // prose: a comment line or an explanation under an example
            }
            boolean continues = line.endsWith("\\");
            String text = continues ? line.substring(0, line.length() - 1).strip() : line;
            pending = pending == null ? new StringBuilder(text) : pending.append(' ').append(text);
            if (!continues) {
                found.add(pending.toString().replaceAll("\\s+# .*$", ""));
                pending = null;
            }
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                collect(sub, found);
            }
        });
    }

    private void ok(String example) {
        run(example, null, ExitCodes.OK, null);
    }

    /** The example as a participant whose profile is {@code profile} ({@code DPR_PROFILE}) runs it. */
    private void ok(String example, String profile) {
        run(example, profile, ExitCodes.OK, null);
    }

    private void refused(String example, String profile, int exit, String code) {
        run(example, profile, exit, code);
    }

    /** Runs a help example in bash and checks its exit code (and error code); returns its standard output. */
    private String run(String example, String profile, int exit, String code) {
        assertThat(examples()).as("not an example of dpr's help").contains(example);
        ran.add(example);
        String line = example;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            line = line.replace(id.getKey(), id.getValue());
        }
        Shell.Result r = Shell.run(work, line, profile);
        if (r.exit() != exit || code != null && !r.err().contains("error: " + code + ":")) {
            failures.add(String.format("%s%n  ran as: %s%n  expected exit %d%s, got %d%n  stdout: %s%n  stderr: %s", example,
                    line, exit, code == null ? "" : " with " + code, r.exit(), r.out().strip(), r.err().strip()));
        }
        return r.out();
    }

    /**
     * A new certificate for the participant enrolled as {@code name}, issued by the embedded network's organisation
     * CA, in the working directory as {@code file}.pem with its key in {@code file}-key.pem; returns the certificate's file.
     */
    private static String newCertificate(String name, String file) throws Exception {
        Path caDir = dir.resolve("service/data/peer/crypto/organization-ca");
        org.dataright.fabric.msp.CertificateAuthority ca = org.dataright.fabric.msp.CertificateAuthority.load(
                org.dataright.fabric.crypto.Pem.privateKey(Files.readString(caDir.resolve("key.pem"))),
                org.dataright.fabric.crypto.Pem.certificate(Files.readString(caDir.resolve("cert.pem"))));
        java.security.KeyPair keys = org.dataright.fabric.msp.CertificateAuthority.newKeyPair();
        Files.writeString(work.resolve(file + ".pem"), org.dataright.fabric.crypto.Pem.of(ca.issue(keys.getPublic(), name,
                org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType.CLIENT, Map.of("role", "enterprise"))));
        Files.writeString(work.resolve(file + "-key.pem"),
                org.hyperledger.fabric.client.identity.Identities.toPemString(keys.getPrivate()));
        return file + ".pem";
    }

    private void withAsset(String asset, Runnable examples) {
        String before = ids.put("A-3f9c0d1e2a4b5c6d", asset);
        examples.run();
        ids.put("A-3f9c0d1e2a4b5c6d", before);
    }

    // ---- what the story needs besides the examples (not examples themselves)

    /** dpr with these arguments (no shell), which must succeed; its standard output. */
    private static String dpr(String... args) {
        StringBuilder line = new StringBuilder("dpr");
        for (String arg : args) {
            line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        Shell.Result r = Shell.run(work, line.toString(), null);
        assertThat(r.exit()).as("%s\nstdout:\n%s\nstderr:\n%s", line, r.out(), r.err()).isZero();
        return r.out();
    }

    private static JsonNode dprJson(String... args) throws IOException {
        return Output.JSON.readTree(dpr(args));
    }

    private static String token(String role, String name) throws IOException {
        return dprJson("--profile", "registrar", "token", "issue", "--role", role, "--name", name, "--json").get("token")
                .asText();
    }

    private static void enrol(String profile, String role, String name) throws IOException {
        dpr("--profile", profile, "identity", "enroll", "--service", service.url().toString(), "--token",
                token(role, name), "--name", name);
    }

    /** Acme registers a new file while review is on; the id of the act awaiting review. */
    private static String pendingRegistration(String file) throws IOException {
        Files.writeString(work.resolve(file), "row,value\n1," + System.nanoTime() + "\n");
        JsonNode registered = dprJson("asset", "register", file, "--industry", "logistics", "--region", "CN-31", "--json");
        String asset = registered.get("results").get(0).get("assetId").asText();
        for (JsonNode act : dprJson("--profile", "registrar", "act", "list", "--pending-review", "--json")) {
            if (act.get("assetId").asText().equals(asset)) {
                return act.get("id").asText();
            }
        }
        throw new AssertionError("no act awaiting review for " + asset);
    }

    /** A bookmark after the first of Beta's rights. */
    private static String bookmark() throws IOException {
        JsonNode page = dprJson("rights", "list", "--holder", "beta-analytics-co", "--size", "1", "--json");
        String bookmark = page.path("bookmark").asText();
        assertThat(bookmark).as(page.toString()).isNotBlank();
        return bookmark;
    }

    private static String tokenIn(String output) {
        Matcher m = Pattern.compile("--token (\\S+) --name").matcher(output);
        if (!m.find()) {
            failures.add("no token in: " + output);
            return "NO-TOKEN";
        }
        return m.group(1);
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            failures.add("no " + pattern + " in: " + text);
            return "NOT-FOUND";
        }
        return m.group();
    }

    /** The witness serves until it is stopped: it says where it listens and answers there. */
    private void serveWitness(String example) throws Exception {
        assertThat(examples()).as("not an example of dpr's help").contains(example);
        ran.add(example);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String line = example.replace("127.0.0.1:7380", "127.0.0.1:" + port);
        for (Map.Entry<String, String> id : ids.entrySet()) {
            line = line.replace(id.getKey(), id.getValue());
        }
        Process witness = Shell.start(work, line, null);
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI add = URI.create("http://127.0.0.1:" + port + "/add-checkpoint");
            HttpResponse<String> answer = null;
            for (int i = 0; i < 300 && answer == null && witness.isAlive(); i++) {
                try {
                    answer = http.send(HttpRequest.newBuilder(add).timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString("not a checkpoint")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(answer).as("the witness answers at %s (alive: %s)", add, witness.isAlive()).isNotNull();
            assertThat(answer.statusCode()).as("a body that is no checkpoint: %s", answer.body()).isBetween(400, 499);
        } finally {
            witness.descendants().forEach(ProcessHandle::destroy);
            witness.destroy();
            witness.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The files the examples name, in the working directory, and the service's data directory as {@code data/}. */
    private static void setUpWorkingDirectory() throws IOException {
        work = Files.createDirectories(dir.resolve("work"));
        Files.createSymbolicLink(work.resolve("data"), service.dataDir().toAbsolutePath());
        Files.writeString(work.resolve("sales-2024.csv"), "day,amount\n2024-01-01," + System.nanoTime() + "\n");
        Files.createDirectories(work.resolve("exports"));
        Files.writeString(work.resolve("exports/logs.csv"), "day,events\n2024-01-01," + System.nanoTime() + "\n");
        Files.writeString(work.resolve("exports/quotes.csv"), "day,quotes\n2024-01-01," + System.nanoTime() + "\n");
        Files.writeString(work.resolve("panel.csv"), "shop,visits\n1," + System.nanoTime() + "\n");
        Files.writeString(work.resolve("assets.csv"), "file,title,industry,region\npanel.csv,Retail panel,retail,CN-31\n");
        for (String document : List.of("sale.pdf", "loan.pdf", "order.pdf", "survey.pdf", "contract.pdf",
                "processing-log-2025-03.txt")) {
            Files.writeString(work.resolve(document), document + " " + System.nanoTime() + "\n");
        }
        Files.createDirectories(work.resolve(".local/share/bash-completion/completions"));
        // An MSP folder as Fabric CA writes it, with the registrar's certificate and key.
        Path admin = service.dataDir().resolve("peer/crypto/admin");
        Files.copy(admin.resolve("cert.pem"), Files.createDirectories(work.resolve("msp/signcerts")).resolve("cert.pem"));
        Files.copy(admin.resolve("key.pem"), Files.createDirectories(work.resolve("msp/keystore")).resolve("priv_sk"));
        // The organisations' MSP folders a network operator has (their CA certificates).
        Path organisationCa = service.dataDir().resolve("peer/crypto/organization-ca/cert.pem");
        Path ordererCa = service.dataDir().resolve("peer/crypto/orderer-ca/cert.pem");
        for (String msp : List.of("org1/msp", "peerOrganizations/registry.example.com/msp",
                "peerOrganizations/exchange.example.com/msp", "peerOrganizations/judiciary.example.com/msp")) {
            Files.copy(organisationCa, Files.createDirectories(work.resolve(msp).resolve("cacerts")).resolve("ca.pem"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        for (String msp : List.of("orderer/msp", "ordererOrganizations/orderer.example.com/msp")) {
            Files.copy(ordererCa, Files.createDirectories(work.resolve(msp).resolve("cacerts")).resolve("ca.pem"));
        }
        Files.createDirectories(work.resolve("run"));
        // The connection profile the network operator gives org1: here, the embedded peer's gateway.
        JsonNode network = SharedService.json(service, "/api/network");
        Files.writeString(work.resolve("connection-org1.yaml"), String.join("\n",
                "name: embedded",
                "client:",
                "  organization: Registry",
                "organizations:",
                "  Registry:",
                "    mspid: " + network.get("mspId").asText(),
                "    peers: [peer0]",
                "peers:",
                "  peer0:",
                "    url: grpc://" + network.get("gatewayEndpoint").asText(),
                ""));
    }

    /** bash with the repository's {@code ./dpr} on the PATH, in the working directory, with its own DPR_HOME. */
    static final class Shell {
        record Result(int exit, String out, String err) {
        }

        static Process start(Path work, String line, String profile) throws IOException {
            Path bin = Files.createDirectories(work.getParent().resolve("bin"));
            Path dpr = bin.resolve("dpr");
            if (!Files.exists(dpr)) {
                Path launcher = Path.of(System.getProperty("dpr.repositoryRoot", "..")).toAbsolutePath().normalize()
                        .resolve("dpr");
                Files.writeString(dpr, "#!/bin/sh\nexec " + launcher + " \"$@\"\n");
                dpr.toFile().setExecutable(true);
            }
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(work.toFile());
            Map<String, String> env = builder.environment();
            env.put("PATH", bin + ":" + env.get("PATH"));
            env.put("HOME", work.toString());
            env.put("DPR_HOME", work.getParent().resolve("config").toString());
            env.remove("DPR_PROFILE");
            if (profile != null) {
                env.put("DPR_PROFILE", profile);
            }
            return builder.start();
        }

        static Result run(Path work, String line, String profile) {
            try {
                Process p = start(work, line, profile);
                p.getOutputStream().close();
                var err = p.getErrorStream();
                var errText = new java.util.concurrent.CompletableFuture<String>();
                Thread reader = new Thread(() -> {
                    try {
                        errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        errText.completeExceptionally(e);
                    }
                });
                reader.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("still running after 120 s: " + line);
                }
                return new Result(p.exitValue(), out, errText.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("cannot run " + line + ": " + e, e);
            }
        }
    }
}
