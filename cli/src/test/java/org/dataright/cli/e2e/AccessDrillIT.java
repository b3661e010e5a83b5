package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.dataright.cli.e2e.Participants.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dataright.cli.Cli;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.identity.TokenCommand.Role;
import org.dataright.evidence.digest.ContentDigests;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerException;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Access" drill (issue #9): one identity per role, enrolled through the registry service, tries
 * every act the chaincode's role × act matrix forbids it, through the embedded peer the service hosts.
 * Each attempt must be refused with {@code ROLE_NOT_ALLOWED} (dpr: exit 3) and leave no trace: the
 * targeted records and their histories read back unchanged and the ledger height does not grow.
 * The targets are real records in the state where the allowed role's act would go through, so only
 * the role stands in the way. The matrix below mirrors chaincode/README.md, which a test checks.
 */
@ExtendWith(SharedService.class)
class AccessDrillIT {
    static final String CONTRACT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String CASE = "(2026) Drill 1";

    /** The rights contract's acts, with the roles allowed each (chaincode/README.md, "Role × act"). */
    enum Act {
        REGISTER_ASSET("registerAsset", Role.ENTERPRISE),
        REGISTER_ASSETS("registerAssets", Role.ENTERPRISE),
        REGISTER_RIGHT("registerRight", Role.ENTERPRISE),
        OFFER_TRANSFER("offerTransfer", Role.ENTERPRISE),
        CANCEL_TRANSFER("cancelTransfer", Role.ENTERPRISE),
        ACCEPT_TRANSFER("acceptTransfer", Role.ENTERPRISE),
        REJECT_TRANSFER("rejectTransfer", Role.ENTERPRISE),
        GRANT_LICENCE("grantLicence", Role.ENTERPRISE),
        REVOKE_LICENCE("revokeLicence", Role.ENTERPRISE),
        PLEDGE("pledge", Role.ENTERPRISE),
        RELEASE_PLEDGE("releasePledge", Role.BANK),
        FREEZE("freeze", Role.COURT),
        UNFREEZE("unfreeze", Role.COURT),
        CONFIGURE_REGISTRY("configureRegistry", Role.REGISTRAR),
        REVIEW_ACT("reviewAct", Role.REGISTRAR),
        RESOLVE_OBJECTION("resolveObjection", Role.REGISTRAR),
        FILE_OBJECTION("fileObjection", Role.ENTERPRISE, Role.BANK, Role.COURT, Role.EXCHANGE, Role.NOTARY,
                Role.REGULATOR),
        TAKE_EFFECT("takeEffect", Role.values()),
        ANCHOR_EVIDENCE("anchorEvidence", Role.ENTERPRISE, Role.NOTARY),
        REGISTER_PARTICIPANT("registerParticipant", Role.REGISTRAR),
        CHANGE_PARTICIPANT("changeParticipant", Role.REGISTRAR),
        RENEW_KEY("renewKey", Role.ENTERPRISE, Role.BANK, Role.COURT, Role.EXCHANGE, Role.NOTARY, Role.REGULATOR),
        REBIND_KEY("rebindKey", Role.REGISTRAR),
        REVOKE_KEY("revokeKey", Role.REGISTRAR);

        final String function;
        final Set<Role> allowed;

        Act(String function, Role... allowed) {
            this.function = function;
            this.allowed = EnumSet.copyOf(List.of(allowed));
        }
    }

    @TempDir
    static Path dir;
    static RegistryServiceProcess service;
    static Cli cli;
    /** The registrar's client for what dpr has no command for (configureRegistry, reviewAct) and for reading acts. */
    static ContractClient registrar;
    static final Map<Role, String> PARTIES = new EnumMap<>(Role.class);
    static String beta;
    /** The records the attempts aim at, by name: asset ids, a licence, a pending act, an objection. */
    static final Map<String, String> TARGETS = new HashMap<>();
    static Path drillFile;
    /** A folder of two files never registered: dpr sends them in one registerAssets batch. */
    static Path drillBatch;
    /** Each act's targets as read before its first attempt. */
    static final Map<Act, String> BASELINES = new EnumMap<>(Act.class);

    static String profile(Role role) {
        return "as-" + label(role);
    }

    static String label(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    @BeforeAll
    static void enrolAndPrepare(RegistryServiceProcess running) throws Exception {
        service = running;
        cli = new Cli(dir).withSystemClock();
        Participants.importRegistrar(cli, service);
        for (Role role : Role.values()) {
            PARTIES.put(role, Participants.enrol(cli, service, profile(role), label(role), "Drill " + label(role)));
        }
        beta = Participants.enrol(cli, service, "beta", "enterprise", "Drill second enterprise");
        registrar = new ContractClient(cli, Participants.REGISTRAR);
        String enterprise = profile(Role.ENTERPRISE);

        // D: untouched; A: offered to beta and licensed to beta; B: pledged to the bank; C: frozen by the court.
        List<Path> files = new ArrayList<>();
        for (String name : List.of("D", "A", "B", "C")) {
            files.add(Files.writeString(dir.resolve(name + ".csv"), name + " " + System.nanoTime() + "\n"));
        }
        List<String> args = new ArrayList<>(List.of("--profile", enterprise, "asset", "register"));
        files.forEach(f -> args.add(f.toString()));
        args.addAll(List.of("--industry", "drill", "--region", "CN-31", "--no-certificate", "--json"));
        JsonNode registered = json(cli.run(args.toArray(String[]::new)));
        for (int i = 0; i < files.size(); i++) {
            TARGETS.put(List.of("D", "A", "B", "C").get(i), registered.get("results").get(i).get("assetId").asText());
        }
        ok(enterprise, "right", "offer", TARGETS.get("A") + "/RESOURCE_HOLDING", "--to", beta, "--contract", CONTRACT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TARGETS.put("L", ok(enterprise, "licence", "grant", TARGETS.get("A"), "PROCESSING_USE", "--to", beta,
                "--purpose", "drill", "--scope", "all", "--territory", "CN", "--start", now.toString(),
                "--end", now.plus(365, ChronoUnit.DAYS).toString(), "--json").get("record").get("id").asText());
        ok(enterprise, "pledge", TARGETS.get("B") + "/RESOURCE_HOLDING", "--to", PARTIES.get(Role.BANK),
                "--contract", CONTRACT);
        ok(profile(Role.COURT), "freeze", TARGETS.get("C"), "--case", CASE, "--order", CONTRACT);

        // R: a registration awaiting review; Q: one under publicity, with beta's objection open.
        try {
            registrar.rights().configureRegistry(true, Duration.ofDays(0));
            TARGETS.put("R", registerPending(enterprise, "R"));
            registrar.rights().configureRegistry(false, Duration.ofDays(30));
            TARGETS.put("Q", registerPending(enterprise, "Q"));
        } finally {
            // Whatever happened above, acts take effect at once again for every other test of this service.
            registrar.rights().configureRegistry(false, Duration.ofDays(0));
        }
        TARGETS.put("P-R", pendingAct(TARGETS.get("R")));
        TARGETS.put("P-Q", pendingAct(TARGETS.get("Q")));
        assertThat(registrar.rights().act(TARGETS.get("P-R")).toString()).contains("\"stage\":\"REVIEW\"");
        assertThat(registrar.rights().act(TARGETS.get("P-Q")).toString()).contains("\"stage\":\"PUBLICITY\"");
        TARGETS.put("O", ok("beta", "objection", "file", TARGETS.get("P-Q"), "--grounds", "we collected this data",
                "--json").get("record").get("id").asText());
        drillFile = Files.writeString(dir.resolve("drill.csv"), "never registered " + System.nanoTime() + "\n");
        drillBatch = Files.createDirectories(dir.resolve("drill-batch"));
        for (String name : List.of("one.csv", "two.csv")) {
            Files.writeString(drillBatch.resolve(name), name + " never registered " + System.nanoTime() + "\n");
        }
    }

    @AfterAll
    static void close() {
        if (registrar != null) {
            registrar.close();
        }
    }

    private static JsonNode ok(String profile, String... args) {
        String[] all = Stream.concat(Stream.of("--profile", profile), Stream.of(args)).toArray(String[]::new);
        Cli.Result r = cli.run(all);
        assertThat(r.exit()).as("dpr %s%nstderr: %s", String.join(" ", all), r.err()).isEqualTo(0);
        return List.of(args).contains("--json") ? json(r) : null;
    }

    private static String registerPending(String profile, String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name + ".csv"), name + " " + System.nanoTime() + "\n");
        JsonNode result = ok(profile, "asset", "register", file.toString(), "--industry", "drill", "--region", "CN-31",
                "--no-certificate", "--json").get("results").get(0);
        assertThat(result.get("assetStatus").asText()).isEqualTo("PENDING");
        return result.get("assetId").asText();
    }

    private static String pendingAct(String asset) {
        return json(cli.run("--profile", Participants.REGISTRAR, "asset", "show", asset, "--json"))
                .get("asset").get("pendingAct").asText();
    }

    // ---- the drill ----

    @TestFactory
    Stream<DynamicTest> everyForbiddenRoleAndActIsRefusedAndLeavesNoTrace() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Act act : Act.values()) {
            for (Role role : Role.values()) {
                if (!act.allowed.contains(role)) {
                    tests.add(DynamicTest.dynamicTest(label(role) + " may not " + act.function, () -> attempt(act, role)));
                }
            }
        }
        // 20 acts for one role each; fileObjection and renewKey not for the registrar, anchorEvidence for two,
        // takeEffect for all.
        assertThat(tests).hasSize(20 * 6 + 1 + 1 + 5);
        return tests.stream();
    }

    private static void attempt(Act act, Role role) throws Exception {
        String before = BASELINES.computeIfAbsent(act, AccessDrillIT::traces);
        long height = SharedService.height(service);
        String refusal = refusal(act, role);
        assertThat(refusal).contains("ROLE_NOT_ALLOWED: the role '" + label(role) + "' may not ");
        assertThat(SharedService.height(service)).as("ledger height after the refused %s", act.function).isEqualTo(height);
        assertThat(traces(act)).as("what %s aims at, after the refusal", act.function).isEqualTo(before);
    }

    /**
     * Runs the act as {@code role}: the dpr command for it, or, for the two dpr has none for, the
     * contract call through fabric-gateway. Returns what the caller was told; a dpr refusal must be exit 3.
     */
    private static String refusal(Act act, Role role) throws Exception {
        String p = profile(role);
        String right = TARGETS.get("A") + "/RESOURCE_HOLDING";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Cli.Result r = switch (act) {
            case REGISTER_ASSET -> cli.run("--profile", p, "asset", "register", drillFile.toString(), "--industry", "drill",
                    "--region", "CN-31", "--no-certificate");
            case REGISTER_ASSETS -> cli.run("--profile", p, "asset", "register", "--dir", drillBatch.toString(), "--industry",
                    "drill", "--region", "CN-31", "--no-certificate");
            case REGISTER_RIGHT -> cli.run("--profile", p, "right", "register", TARGETS.get("D"), "PRODUCT_OPERATION");
            case OFFER_TRANSFER -> cli.run("--profile", p, "right", "offer", TARGETS.get("D") + "/RESOURCE_HOLDING",
                    "--to", beta, "--contract", CONTRACT);
            case CANCEL_TRANSFER -> cli.run("--profile", p, "right", "cancel", right);
            case ACCEPT_TRANSFER -> cli.run("--profile", p, "right", "accept", right);
            case REJECT_TRANSFER -> cli.run("--profile", p, "right", "reject", right);
            case GRANT_LICENCE -> cli.run("--profile", p, "licence", "grant", TARGETS.get("D"), "PROCESSING_USE",
                    "--to", beta, "--purpose", "drill", "--scope", "all", "--territory", "CN",
                    "--start", now.toString(), "--end", now.plus(30, ChronoUnit.DAYS).toString());
            case REVOKE_LICENCE -> cli.run("--profile", p, "licence", "revoke", TARGETS.get("L"), "--reason", "drill");
            case PLEDGE -> cli.run("--profile", p, "pledge", TARGETS.get("D") + "/RESOURCE_HOLDING",
                    "--to", PARTIES.get(Role.BANK), "--contract", CONTRACT);
            case RELEASE_PLEDGE -> cli.run("--profile", p, "release", TARGETS.get("B") + "/RESOURCE_HOLDING");
            case FREEZE -> cli.run("--profile", p, "freeze", TARGETS.get("D"), "--case", CASE, "--order", CONTRACT);
            case UNFREEZE -> cli.run("--profile", p, "unfreeze", TARGETS.get("C"), "--case", CASE);
            case CONFIGURE_REGISTRY -> null;
            case REVIEW_ACT -> null;
            case RESOLVE_OBJECTION -> cli.run("--profile", p, "objection", "resolve", TARGETS.get("O"), "--dismiss",
                    "--reason", "drill");
            case FILE_OBJECTION -> cli.run("--profile", p, "objection", "file", TARGETS.get("P-Q"), "--grounds", "drill");
            case TAKE_EFFECT -> fail("no role is forbidden takeEffect");
            case ANCHOR_EVIDENCE -> cli.run("--profile", p, "evidence", "anchor", drillFile.toString(),
                    "--asset", TARGETS.get("D"), "--no-certificate");
            case REGISTER_PARTICIPANT -> cli.run("--profile", p, "participant", "register", "--party",
                    "RegistryMSP::OU=client,CN=Drill newcomer", "--name", "Drill newcomer", "--handle", "drill-newcomer",
                    "--role", "enterprise");
            case CHANGE_PARTICIPANT -> cli.run("--profile", p, "participant", "change", beta, "--status", "SUSPENDED");
            case RENEW_KEY -> null;
            case REBIND_KEY -> cli.run("--profile", p, "identity", "rebind", beta, "--cert", betaCertificate().toString(),
                    "--reason", "drill");
            case REVOKE_KEY -> cli.run("--profile", p, "identity", "revoke", beta, "--cert", betaCertificate().toString(),
                    "--reason", "drill");
        };
        if (r != null) {
            assertThat(r.exit()).as("dpr exit code; stdout: %s; stderr: %s", r.out(), r.err())
                    .isEqualTo(ExitCodes.REJECTED);
            return r.out() + r.err();
        }
        try (ContractClient client = new ContractClient(cli, p)) {
            // renewKey with the caller's own certificate: its subject matches, so the role is what refuses it.
            Committed answer = act == Act.CONFIGURE_REGISTRY ? client.rights().configureRegistry(true, Duration.ofDays(7))
                    : act == Act.RENEW_KEY ? client.rights().renewKey(cli.run("--profile", p, "identity", "export").out())
                    : client.rights().reviewAct(TARGETS.get("P-R"), true, "drill");
            return fail("%s as %s was accepted: %s", act.function, label(role), answer);
        } catch (LedgerException e) {
            if (e.reason() == LedgerException.Reason.NOT_COMMITTED) {
                return fail("%s as %s was endorsed and ordered (%s)", act.function, label(role), e.code());
            }
            return ContractClient.refusal(e);
        }
    }

    /** Beta's certificate, as it would give it to the registrar ('dpr identity export'). */
    private static Path betaCertificate() throws IOException {
        Path file = dir.resolve("beta.pem");
        if (!Files.exists(file)) {
            Files.writeString(file, cli.run("--profile", "beta", "identity", "export").out());
        }
        return file;
    }

    /** Everything the act could have touched, as read back through dpr, the service's API and the contract. */
    private static String traces(Act act) {
        List<String> assets = switch (act) {
            case REGISTER_ASSET, REGISTER_ASSETS, TAKE_EFFECT, CONFIGURE_REGISTRY, REGISTER_PARTICIPANT, CHANGE_PARTICIPANT, RENEW_KEY, REBIND_KEY,
                    REVOKE_KEY -> List.of();
            case CANCEL_TRANSFER, ACCEPT_TRANSFER, REJECT_TRANSFER, REVOKE_LICENCE -> List.of("A");
            case RELEASE_PLEDGE -> List.of("B");
            case UNFREEZE -> List.of("C");
            case REVIEW_ACT -> List.of("R");
            case RESOLVE_OBJECTION, FILE_OBJECTION -> List.of("Q");
            case REGISTER_RIGHT, OFFER_TRANSFER, GRANT_LICENCE, PLEDGE, FREEZE, ANCHOR_EVIDENCE -> List.of("D");
        };
        Map<String, String> read = new LinkedHashMap<>();
        for (String name : assets) {
            String asset = TARGETS.get(name);
            JsonNode shown = json(cli.run("--profile", Participants.REGISTRAR, "asset", "show", asset, "--json"));
            read.put(name, shown.toString());
            read.put(name + " history", SharedService.json(service, "/api/assets/" + asset + "/history").toString());
            for (JsonNode right : shown.get("rights")) {
                String id = right.get("id").asText();
                read.put(id + " history", SharedService.json(service, "/api/rights/" + SharedService.segment(id) + "/history")
                        .toString());
            }
        }
        try {
            switch (act) {
                case REGISTER_ASSET -> read.put("digest", lookUp(drillFile));
                case REGISTER_ASSETS -> {
                    read.put("one's digest", lookUp(drillBatch.resolve("one.csv")));
                    read.put("two's digest", lookUp(drillBatch.resolve("two.csv")));
                }
                case REGISTER_PARTICIPANT, CHANGE_PARTICIPANT -> read.put("directory",
                        SharedService.json(service, "/api/participants").toString());
                case RENEW_KEY, REBIND_KEY, REVOKE_KEY -> {
                    read.put("directory", SharedService.json(service, "/api/participants").toString());
                    read.put("beta's keys", SharedService.json(service, "/api/participants/" + SharedService.segment(beta).replace("+", "%20")
                            + "/keys").toString());
                }
                case CONFIGURE_REGISTRY -> read.put("config", registrar.rights().registryConfig().toString());
                case REVIEW_ACT -> read.put("act", registrar.rights().act(TARGETS.get("P-R")).toString());
                case RESOLVE_OBJECTION, FILE_OBJECTION -> {
                    read.put("act", registrar.rights().act(TARGETS.get("P-Q")).toString());
                    read.put("objection", registrar.rights().objection(TARGETS.get("O")).toString());
                }
                default -> {
                    // the assets read above are all it aims at
                }
            }
        } catch (LedgerException e) {
            throw new AssertionError("reading what " + act.function + " aims at failed: " + ContractClient.refusal(e), e);
        }
        assertThat(read).as("what %s aims at", act.function).isNotEmpty();
        return read.toString();
    }

    /** Whether content is registered: the contract's answer for its SHA-256, "ASSET_NOT_FOUND" when it is not. */
    private static String lookUp(Path file) {
        String sha256;
        try (var in = Files.newInputStream(file)) {
            sha256 = ContentDigests.of(in).sha256();
        } catch (IOException e) {
            throw new AssertionError("cannot hash " + file, e);
        }
        try {
            return registrar.rights().assetByDigest("sha256", sha256).toString();
        } catch (LedgerException e) {
            String refusal = ContractClient.refusal(e);
            assertThat(refusal).contains("ASSET_NOT_FOUND");
            return "ASSET_NOT_FOUND";
        }
    }

    // ---- the matrix is the chaincode's ----

    /** The table above says what chaincode/README.md's role × act matrix says, and its roles are the token roles. */
    @Test
    void theMatrixMirrorsTheChaincodeReadme() throws IOException {
        Path root = Path.of(System.getProperty("dpr.repositoryRoot", "..")).toAbsolutePath().normalize();
        Map<String, Set<Role>> documented = readMatrix(Files.readAllLines(root.resolve("chaincode/README.md"),
                StandardCharsets.UTF_8));
        Map<String, Set<Role>> mirrored = new TreeMap<>();
        for (Act act : Act.values()) {
            mirrored.put(act.function, act.allowed);
        }
        assertThat(documented).isEqualTo(mirrored);
    }

    private static final Pattern FUNCTION = Pattern.compile("`(\\w+)\\(");

    /** The "Role × act" table: function → roles with a ✓ (a column of several roles counts for each, unless the ✓ names one). */
    static Map<String, Set<Role>> readMatrix(List<String> lines) {
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith("## Role × act")) {
            at++;
        }
        while (at < lines.size() && !lines.get(at).startsWith("| act")) {
            at++;
        }
        assertThat(at).as("chaincode/README.md has the role × act table").isLessThan(lines.size());
        String[] header = cells(lines.get(at));
        List<Set<Role>> columns = new ArrayList<>();
        for (int c = 1; c < header.length; c++) {
            columns.add(roles(header[c]));
        }
        Map<String, Set<Role>> matrix = new TreeMap<>();
        for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] row = cells(lines.get(i));
            Matcher functions = FUNCTION.matcher(row[0]);
            Set<Role> allowed = EnumSet.noneOf(Role.class);
            for (int c = 1; c < row.length; c++) {
                int tick = row[c].indexOf('✓');
                if (tick >= 0) {
                    String named = row[c].substring(0, tick).strip();
                    allowed.addAll(named.isEmpty() ? columns.get(c - 1) : roles(named));
                }
            }
            while (functions.find()) {
                matrix.put(functions.group(1), allowed);
            }
        }
        // Queries (get…, find…) are reads, not acts; their row names no function.
        return matrix;
    }

    private static String[] cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.length() - 1);
        String[] cells = inner.split("\\|", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static Set<Role> roles(String names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names.split(",")) {
            roles.add(Role.valueOf(name.strip().toUpperCase(Locale.ROOT)));
        }
        return roles;
    }
}
