package org.dataright.cli.asset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Progress;
import org.dataright.cli.base.Table;
import org.dataright.cli.certificate.Certificates;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.ledger.LedgerErrors;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.service.RegistryService;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerException;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code dpr asset register}: hashes each file here (SHA-256, SM3, chunk manifest), registers it (files named
 * one by one: an act each; {@code --dir} and {@code --manifest}: batches of {@code --batch} data assets per
 * transaction) signed with the user's key, saves each asset's certificate, and prints a summary.
 * Content already registered by the user counts as skipped.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {
            "Register data assets. Each file is hashed on this machine (SHA-256, SM3 and a chunk manifest); only the "
                + "digests and the metadata go to the ledger. Each file is its own act; its evidence certificate is "
                + "saved next to it as <file>.certificate.json and .pdf (or in --out).",
            "Content you registered before is reported as skipped. With --dir or --manifest a bad file or row "
                + "(empty, unreadable, an invalid manifest line) fails alone: the others are registered and each "
                + "failure is reported with its code.",
            "With --dir or --manifest the files go to the ledger in batches (--batch, default 200): one transaction "
                + "registers many data assets, each still its own asset, right and certificate. A file the ledger "
                + "refuses is left out of its batch and reported with its code; the rest of the batch is sent again.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr asset register sales-2024.csv --title \"Sales 2024\" --industry retail --region CN-31",
            "  dpr asset register --dir exports/ --industry finance --region CN-31 --classification IMPORTANT",
            "  dpr asset register --manifest assets.csv",
            "      (CSV header: file,title,industry,classification,format,region,description,recordCount,lineage;",
            "       file paths relative to the CSV; lineage as asset ids separated by ';')",
        })
public final class RegisterCommand extends DprCommand {

    /** Classification levels of China's data security law. */
    public enum Classification { GENERAL, IMPORTANT, CORE }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sources sources;

    static final class Sources {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to register.")
        List<Path> files;

        @Option(names = "--dir", paramLabel = "DIR", description = "Register every file under DIR (hidden files and certificates skipped).")
        Path dir;

        @Option(names = "--manifest", paramLabel = "CSV", description = "Register the files a CSV lists, with their metadata.")
        Path manifest;
    }

    @Option(names = "--title", paramLabel = "TEXT", description = "Title (default: the file name).")
    String title;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--industry", paramLabel = "TEXT", description = "Industry (required unless the manifest gives it).")
    String industry;

    @Option(names = "--classification", paramLabel = "LEVEL", defaultValue = "GENERAL",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Classification classification;

    @Option(names = "--format", paramLabel = "TEXT", description = "Format (default: the file extension, upper case).")
    String format;

    @Option(names = "--region", paramLabel = "TEXT", description = "Region (required unless the manifest gives it).")
    String region;

    @Option(names = "--records", paramLabel = "N", defaultValue = "0", description = "Record count (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--lineage", paramLabel = "ASSET", split = ",", description = "Assets this one derives from.")
    List<String> lineage = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Save certificates here instead of next to each file.")
    Path out;

    @Option(names = "--no-certificate", description = "Do not fetch evidence certificates.")
    boolean noCertificate;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "200",
            description = "With --dir or --manifest: data assets per transaction, 1 to 500 (default: ${DEFAULT-VALUE}).")
    int batch;

    /** A refusal of one item of a batch: {@code item <index>: <sentence>}. */
    private static final java.util.regex.Pattern ITEM = java.util.regex.Pattern.compile("^item (\\d+): (.*)$",
            java.util.regex.Pattern.DOTALL);

    @Override
    public Integer call() {
        if (records < 0) {
            throw new ParameterException(spec.commandLine(), "--records must not be negative");
        }
        if (batch < 1 || batch > RightsContract.MAX_BATCH) {
            throw new ParameterException(spec.commandLine(), "--batch must be 1 to " + RightsContract.MAX_BATCH
                    + " (the most data assets the ledger registers in one transaction)");
        }
        if (out != null) {
            Certificates.requireDirectory(spec.commandLine(), out);
        }
        List<Planned> registrations = collect();
        if (registrations.isEmpty()) {
            throw CliException.usage("NO_FILES", "there are no files to register in " + sources.dir, "check the directory");
        }
        if (registrations.stream().allMatch(p -> p.problem() != null)) {
            throw nothingRegistrable(registrations);
        }
        Profile profile = profile();
        RegistryService service = noCertificate ? null : profile.service().map(RegistryService::new).orElse(null);
        List<ObjectNode> results = new ArrayList<>();
        int registered = 0;
        int skipped = 0;
        int failed = 0;
        boolean batched = sources.files == null;
        ProfileLedger.call(profile, ledger -> {
            RightsContract rights = ledger.rights();
            if (batched) {
                results.addAll(registerInBatches(rights, service, registrations));
                return results;
            }
            for (Planned planned : registrations) {
                results.add(planned.problem() != null ? failed(planned.file(), planned.problem())
                        : register(rights, service, planned.registration()));
            }
            return results;
        });
        for (ObjectNode result : results) {
            switch (result.get("status").asText()) {
                case "registered" -> registered++;
                case "skipped" -> skipped++;
                default -> failed++;
            }
        }
        ObjectNode summary = Output.object();
        ArrayNode array = summary.putArray("results");
        results.forEach(array::add);
        summary.put("registered", registered).put("skipped", skipped).put("failed", failed);
        Table table = new Table("FILE", "RESULT", "ASSET", "TRANSACTION", "CERTIFICATE / REASON");
        for (ObjectNode r : results) {
            String last = r.path("certificate").asText(r.has("code") ? r.path("code").asText() + ": " + r.path("message").asText() : "");
            table.row(r.path("file").asText(), r.path("status").asText(), r.path("assetId").asText("-"),
                    abbreviate(r.path("transactionId").asText("-")), last);
        }
        output().print(summary, table);
        output().say(registered + " registered, " + skipped + " skipped, " + failed + " failed");
        return failed > 0 ? ExitCodes.REJECTED : ExitCodes.OK;
    }

    /** A file to register, or one a batch could not prepare (its problem reported, the batch going on). */
    private record Planned(String file, Registration registration, CliException problem) {
        static Planned of(Registration registration) {
            return new Planned(registration.file().toString(), registration, null);
        }
    }

    /** Nothing of the batch can be sent: its one problem, or every problem in one refusal; nothing is sent. */
    private static CliException nothingRegistrable(List<Planned> planned) {
        if (planned.size() == 1) {
            return planned.get(0).problem();
        }
        List<String> problems = new ArrayList<>();
        planned.forEach(p -> problems.add(p.file() + ": " + p.problem().code() + ": " + p.problem().getMessage()));
        return CliException.usage("NO_FILES", "none of the " + planned.size() + " files can be registered: "
                + String.join("; ", problems), "fix them and run again");
    }

    private static ObjectNode failed(String file, CliException problem) {
        ObjectNode result = Output.object();
        result.put("file", file).put("status", "failed").put("code", problem.code()).put("message", problem.getMessage());
        return result;
    }

    private static String abbreviate(String txId) {
        return txId.length() > 16 ? txId.substring(0, 16) + "…" : txId;
    }

    private ObjectNode register(RightsContract rights, RegistryService service, Registration registration) {
        ObjectNode result = Output.object();
        result.put("file", registration.file().toString());
        FileDigests digests;
        try {
            digests = hash(registration.file());
        } catch (CliException e) {
            return failed(registration.file().toString(), e);
        }
        result.put("sha256", digests.sha256()).put("sm3", digests.sm3()).put("manifestRoot", digests.manifestRoot());
        Committed committed;
        try {
            committed = rights.registerAsset(description(registration, digests).toString());
        } catch (LedgerException e) {
            // The ledger's answer about this file fails this file; a ledger that cannot answer fails them all.
            if (!LedgerErrors.isRefusal(e)) {
                throw e;
            }
            result.put("status", "ALREADY_REGISTERED".equals(e.code()) ? "skipped" : "failed");
            result.put("code", e.code()).put("message", e.getMessage());
            if ("ALREADY_REGISTERED".equals(e.code())) {
                result.put("assetId", rights.assetByDigest("sha256", digests.sha256()).path("id").asText(null));
            }
            return result;
        }
        result.put("status", "registered");
        result.put("assetId", committed.result().path("id").asText(null));
        result.put("assetStatus", committed.result().path("status").asText(null));
        result.put("transactionId", committed.transactionId());
        result.put("blockNumber", committed.blockNumber());
        if (service != null) {
            saveCertificate(result, registration.file(), dir -> Certificates.issueAndSave(service,
                    committed.transactionId(), dir, registration.file().getFileName().toString()),
                    "dpr certificate get --tx " + committed.transactionId());
        }
        return result;
    }

    /** A file of a batch: its result (filled in as the batch goes) and, once hashed, the description it sends. */
    private record Item(Registration registration, ObjectNode result, FileDigests digests, ObjectNode description) {
    }

    /**
     * Registers the good files in transactions of up to {@code --batch} data assets. The chaincode refuses a
     * whole batch for one bad item and names it ({@code item <i>: …}): that file gets its result (skipped when
     * the user registered it before, else failed with the code) and the rest is sent again, so each file ends
     * as it would have registered alone. A second file with content already in the batch waits for the next
     * transaction, where it is skipped as registered before. Results keep the files' order.
     */
    private List<ObjectNode> registerInBatches(RightsContract rights, RegistryService service, List<Planned> planned) {
        List<ObjectNode> results = new ArrayList<>();
        java.util.ArrayDeque<Item> queue = new java.util.ArrayDeque<>();
        for (Planned p : planned) {
            if (p.problem() != null) {
                results.add(failed(p.file(), p.problem()));
                continue;
            }
            ObjectNode result = Output.object();
            result.put("file", p.registration().file().toString());
            results.add(result);
            try {
                FileDigests digests = hash(p.registration().file());
                result.put("sha256", digests.sha256()).put("sm3", digests.sm3()).put("manifestRoot", digests.manifestRoot());
                queue.add(new Item(p.registration(), result, digests, description(p.registration(), digests)));
            } catch (CliException e) {
                result.setAll(failed(p.file(), e));
            }
        }
        while (!queue.isEmpty()) {
            List<Item> items = new ArrayList<>();
            while (items.size() < batch && !queue.isEmpty()) {
                items.add(queue.poll());
            }
            List<Item> deferred = new ArrayList<>();
            sendBatch(rights, service, items, deferred);
            for (int i = deferred.size() - 1; i >= 0; i--) {
                queue.addFirst(deferred.get(i));
            }
        }
        return results;
    }

    /** Sends one batch, leaving out each item the ledger refuses, until the rest commits (or nothing is left). */
    private void sendBatch(RightsContract rights, RegistryService service, List<Item> items, List<Item> deferred) {
        while (!items.isEmpty()) {
            ArrayNode descriptions = Output.JSON.createArrayNode();
            items.forEach(i -> descriptions.add(i.description()));
            Committed committed;
            try {
                committed = rights.registerAssets(descriptions.toString());
            } catch (LedgerException e) {
                if (!LedgerErrors.isRefusal(e)) {
                    throw e;
                }
                java.util.regex.Matcher m = ITEM.matcher(e.getMessage() == null ? "" : e.getMessage());
                int index = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                if ("BATCH_TOO_LARGE".equals(e.code()) && items.size() > 1) {
                    // Long descriptions can pass the ledger's byte bound before its count: send each half on its own.
                    List<Item> firstHalf = new ArrayList<>(items.subList(0, items.size() / 2));
                    List<Item> secondHalf = new ArrayList<>(items.subList(items.size() / 2, items.size()));
                    sendBatch(rights, service, firstHalf, deferred);
                    sendBatch(rights, service, secondHalf, deferred);
                    return;
                }
                if (index < 0 || index >= items.size()) {
                    // A refusal of the batch as a whole (the caller's role, its size): every file of it fails with it.
                    items.forEach(i -> i.result().put("status", "failed").put("code", e.code()).put("message", e.getMessage()));
                    return;
                }
                Item refused = items.remove(index);
                if ("BATCH_DUPLICATE".equals(e.code())) {
                    deferred.add(refused);
                } else {
                    refusedAlone(rights, refused, e.code(), m.group(2));
                }
                continue;
            }
            for (int n = 0; n < items.size(); n++) {
                registered(service, items.get(n), committed, committed.result().get(n));
            }
            return;
        }
    }

    private static void refusedAlone(RightsContract rights, Item item, String code, String message) {
        boolean skipped = "ALREADY_REGISTERED".equals(code);
        item.result().put("status", skipped ? "skipped" : "failed").put("code", code).put("message", message);
        if (skipped) {
            item.result().put("assetId", rights.assetByDigest("sha256", item.digests().sha256()).path("id").asText(null));
        }
    }

    private void registered(RegistryService service, Item item, Committed committed, com.fasterxml.jackson.databind.JsonNode record) {
        ObjectNode result = item.result();
        String assetId = record.path("id").asText(null);
        result.put("status", "registered").put("assetId", assetId).put("assetStatus", record.path("status").asText(null))
                .put("transactionId", committed.transactionId()).put("blockNumber", committed.blockNumber());
        if (service != null) {
            saveCertificate(result, item.registration().file(),
                    dir -> Certificates.issueAndSave(service, committed.transactionId(), assetId, dir,
                            item.registration().file().getFileName().toString()),
                    "dpr certificate get --tx " + committed.transactionId() + " --asset " + assetId);
        }
    }

    /** Saves a registered file's certificate; a failure leaves the registration standing and says how to fetch it. */
    private void saveCertificate(ObjectNode result, Path file, java.util.function.Function<Path, Certificates.Saved> issue,
            String next) {
        Path dir = out != null ? out : file.toAbsolutePath().getParent();
        try {
            Certificates.Saved saved = issue.apply(dir);
            result.put("certificate", saved.json().toString());
            result.put("certificatePdf", saved.pdf().toString());
        } catch (CliException e) {
            result.put("certificateError", e.code() + ": " + e.getMessage());
            err().println("warning: " + file + " is registered, but its certificate was not saved: " + e.code() + ": "
                    + e.getMessage());
            err().println("next: " + next);
            err().flush();
        }
    }

    private FileDigests hash(Path file) {
        try {
            long size = Files.size(file);
            Progress progress = env().stderrIsTerminal() && size >= Progress.LARGE_FILE_BYTES
                    ? new Progress(err(), file.getFileName().toString(), size) : null;
            try (InputStream in = Files.newInputStream(file)) {
                return FileDigests.of(progress == null ? in : progress.wrap(in));
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
        } catch (IOException e) {
            throw CliException.usage("FILE_UNREADABLE", "cannot read " + file + ": " + e.getMessage(), "check the file");
        }
    }

    private static ObjectNode description(Registration r, FileDigests digests) {
        ObjectNode node = Output.object();
        node.put("title", r.title());
        node.put("description", r.description());
        node.put("industry", r.industry());
        node.put("classification", r.classification());
        node.put("format", r.format());
        try {
            node.put("sizeBytes", Files.size(r.file()));
        } catch (IOException e) {
            throw CliException.usage("FILE_UNREADABLE", "cannot read " + r.file() + ": " + e.getMessage(), "check the file");
        }
        node.put("recordCount", r.recordCount());
        node.put("sha256", digests.sha256());
        node.put("sm3", digests.sm3());
        node.put("manifestRoot", digests.manifestRoot());
        ArrayNode lineage = node.putArray("lineage");
        r.lineage().forEach(lineage::add);
        node.put("region", r.region());
        return node;
    }

    // ---- which files, with which metadata ----

    private List<Planned> collect() {
        if (sources.manifest != null) {
            return fromManifest(sources.manifest);
        }
        List<Path> files = new ArrayList<>();
        if (sources.dir != null) {
            if (!Files.isDirectory(sources.dir)) {
                throw CliException.usage("FILE_NOT_FOUND", "--dir " + sources.dir + " is not a directory", "check the path");
            }
            try (Stream<Path> walk = Files.walk(sources.dir)) {
                walk.filter(Files::isRegularFile).filter(p -> !isHiddenOrOutput(sources.dir.relativize(p)))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw CliException.usage("FILE_UNREADABLE", "cannot list " + sources.dir + ": " + e.getMessage(), "check the directory");
            }
        } else {
            files.addAll(sources.files);
        }
        if (title != null && files.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--title names one asset; with several files each takes its file name");
        }
        List<Planned> registrations = new ArrayList<>();
        for (Path file : files) {
            try {
                requireDataFile(file);
            } catch (CliException e) {
                // Files named one by one must all be good; a directory's bad file fails alone.
                if (sources.dir == null) {
                    throw e;
                }
                registrations.add(new Planned(file.toString(), null, e));
                continue;
            }
            registrations.add(Planned.of(new Registration(file, title != null ? title : file.getFileName().toString(),
                    description, required("--industry", industry), classification.name(),
                    format != null ? format : Registration.formatOf(file), required("--region", region), records,
                    List.copyOf(lineage))));
        }
        return registrations;
    }

    private static boolean isHiddenOrOutput(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        String name = relative.getFileName().toString();
        return name.endsWith(".certificate.json") || name.endsWith(".certificate.pdf");
    }

    private String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new ParameterException(spec.commandLine(), "missing " + option + " (or give it per file in a --manifest)");
        }
        return value;
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage("FILE_NOT_FOUND", file + " is not a readable file", "check the path");
        }
    }

    /** A data file with content: the empty file's digest would name no data, and could be claimed only once. */
    private static void requireDataFile(Path file) {
        requireFile(file);
        try {
            if (Files.size(file) == 0) {
                throw CliException.usage("FILE_EMPTY", file + " is empty: there is no data to register", "check the file");
            }
        } catch (IOException e) {
            throw CliException.usage("FILE_UNREADABLE", "cannot read " + file + ": " + e.getMessage(), "check the file");
        }
    }

    private List<Planned> fromManifest(Path csv) {
        requireFile(csv);
        List<List<String>> rows;
        try {
            String text = Files.readString(csv);
            // Spreadsheets save UTF-8 with a byte order mark; it is not part of the first column's name.
            rows = Csv.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            throw CliException.usage("MANIFEST_INVALID", "the manifest " + csv + " is not UTF-8 text", "save it as UTF-8 CSV");
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("MANIFEST_INVALID", "cannot read the manifest " + csv + ": " + e.getMessage(),
                    "save it as UTF-8 CSV");
        }
        if (rows.size() < 2) {
            throw CliException.usage("MANIFEST_INVALID", "the manifest " + csv + (rows.isEmpty() ? " is empty"
                    : " has a header but no rows"), "add a header row and a row per file");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        if (!columns.containsKey("file")) {
            throw CliException.usage("MANIFEST_INVALID", "the manifest " + csv + " has no 'file' column",
                    "start it with a header: file,title,industry,classification,format,region,description,recordCount,lineage");
        }
        Path base = csv.toAbsolutePath().getParent();
        List<Planned> registrations = new ArrayList<>();
        for (int n = 1; n < rows.size(); n++) {
            List<String> row = rows.get(n);
            String name = cell(row, columns, "file");
            try {
                registrations.add(Planned.of(fromRow(csv, base, columns, row, n + 1)));
            } catch (CliException e) {
                // A bad row fails alone; the manifest's other rows are registered.
                registrations.add(new Planned(name.isEmpty() ? csv + " line " + (n + 1) : name.replace("\0", "\\0"), null, e));
            }
        }
        return registrations;
    }

    private Registration fromRow(Path csv, Path base, Map<String, Integer> columns, List<String> row, int line) {
        String name = cell(row, columns, "file");
        Path file;
        try {
            file = name.isEmpty() ? null : base.resolve(name);
        } catch (InvalidPathException e) {
            file = null;
        }
        if (file == null) {
            throw CliException.usage("MANIFEST_INVALID", csv + " line " + line + (name.isEmpty() ? " names no file"
                    : ": '" + name.replace("\0", "\\0") + "' is not a file name"), "fix the manifest");
        }
        requireDataFile(file);
        String cls = orDefault(cell(row, columns, "classification"), classification.name()).toUpperCase(Locale.ROOT);
        try {
            Classification.valueOf(cls);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("MANIFEST_INVALID", csv + " line " + line + ": classification '" + cls
                    + "' is not GENERAL, IMPORTANT or CORE", "fix the manifest");
        }
        long recordCount;
        try {
            recordCount = Long.parseLong(orDefault(cell(row, columns, "recordcount"), Long.toString(records)));
        } catch (NumberFormatException e) {
            throw CliException.usage("MANIFEST_INVALID", csv + " line " + line + ": recordCount is not a number",
                    "fix the manifest");
        }
        if (recordCount < 0) {
            throw CliException.usage("MANIFEST_INVALID", csv + " line " + line + ": recordCount must not be negative",
                    "fix the manifest");
        }
        String lineageCell = cell(row, columns, "lineage");
        List<String> rowLineage = lineageCell.isBlank() ? List.copyOf(lineage)
                : Stream.of(lineageCell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String rowIndustry = orDefault(cell(row, columns, "industry"), industry);
        String rowRegion = orDefault(cell(row, columns, "region"), region);
        if (rowIndustry == null || rowRegion == null) {
            throw CliException.usage("MANIFEST_INVALID", csv + " line " + line + " gives no industry or region",
                    "add the columns, or give --industry and --region for every row");
        }
        return new Registration(file, orDefault(cell(row, columns, "title"), file.getFileName().toString()),
                orDefault(cell(row, columns, "description"), description), rowIndustry, cls,
                orDefault(cell(row, columns, "format"), format != null ? format : Registration.formatOf(file)),
                rowRegion, recordCount, rowLineage);
    }

    private static String cell(List<String> row, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= row.size() ? "" : row.get(i).strip();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
