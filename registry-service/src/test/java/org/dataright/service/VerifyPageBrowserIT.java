package org.dataright.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.dataright.evidence.digest.ChunkManifest;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.ClientIdentity;
import org.dataright.ledger.client.Committed;
import org.dataright.ledger.client.LedgerConnection;
import org.dataright.ledger.client.NetworkDescription;
import org.dataright.ledger.client.RightsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The verification page in a real browser (Debian's headless Chromium through chromedriver), against one
 * service in embedded mode: what is certified and its status come first, in words and colour, then the
 * checks with the failed ones first; Chinese or English by the browser's language, switchable and
 * remembered; a registration pending review, in publicity or rejected never reads as in effect; the original file
 * is hashed in workers, chunk by chunk, with Verify disabled meanwhile: its digests equal the evidence
 * module's, a file of more than 2 GiB passes without the browser's memory growing with it, and a file
 * that cannot be read is an error, never a verdict without it; the trust bundle is downloaded with the
 * fingerprint of its bytes. Screenshots go to {@code target/verify-page/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyPageBrowserIT {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SHOTS = Path.of("target", "verify-page");
    /** More than 2 GiB, and not a whole number of chunks. */
    private static final long BIG = (2L << 30) + 12_345;
    private static final long MAX_BROWSER_PROCESS_BYTES = 768L << 20;

    @TempDir
    static Path data;

    @TempDir
    static Path files;

    private ConfigurableApplicationContext context;
    private String base;
    private RegistryClient client;
    private RegistryClient.Participant bob;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "skipped: " + CHROMEDRIVER + " is absent (install Debian's chromium and chromium-driver)");
        context = TestServices.start(data);
        base = TestServices.baseUrl(context);
        client = new RegistryClient(base);
        bob = client.enrol(data, "enterprise", "bob");
        browser = chromium("en-US");
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void validAndTamperedCertificatesGetTheirVerdictsWithWhatIsCertifiedFirst() throws Exception {
        byte[] content = original();
        Issued issued = register(content);
        Path valid = Files.writeString(files.resolve("certificate.json"), issued.json());
        Path tampered = Files.writeString(files.resolve("tampered.json"), EndToEndIT.tamper(issued.json()));
        Path original = Files.write(files.resolve("panel.csv"), content);
        Path pdf = Files.write(files.resolve("certificate.pdf"),
                client.getBytes("/api/certificates/" + issued.id() + "?format=pdf").body());

        browser.get(base + "/verify");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Verify an evidence certificate");
        assertThat(button().isEnabled()).as("nothing to verify yet").isFalse();
        chooseOriginal(original);
        browser.findElement(By.id("certificate")).sendKeys(valid.toString());
        button().click();
        assertThat(verdict()).isEqualTo("PASS");
        assertThat(outcome()).isEqualTo("effective");
        assertThat(text("outcome-head")).isEqualTo("VERIFIED — the act is in effect");
        assertThat(text("act-status")).isEqualTo("Status at issue: EFFECTIVE — this act has taken effect");
        assertThat(particular("Asset title")).isEqualTo(issued.title());
        assertThat(particular("Holder")).contains("bob");
        assertThat(particular("Act")).contains("REGISTER_ASSET");
        assertThat(particular("Transaction time")).contains("北京时间");
        assertThat(text("statement")).startsWith("This certifies that bob");
        assertAbove("outcome", "summary");
        assertAbove("summary", "checks");
        assertThat(checkStatus("issuer-signature")).isEqualTo("PASSED");
        assertThat(checkStatus("file-digests")).isEqualTo("PASSED");
        assertThat(browser.findElements(By.cssSelector("#checks tr"))).hasSizeGreaterThan(20);
        assertThat(browser.findElements(By.cssSelector("#checks tr.FAILED"))).isEmpty();
        screenshot("en-pass");

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(tampered.toString());
        button().click();
        assertThat(verdict()).isEqualTo("FAIL");
        assertThat(outcome()).isEqualTo("fail");
        assertThat(text("outcome-head")).isEqualTo("NOT VERIFIED — this certificate cannot be relied on");
        assertThat(checkStatus("issuer-signature")).isEqualTo("FAILED");
        assertThat(checkStatus("written-state")).isEqualTo("FAILED");
        assertThat(text("failed-summary")).contains("checks failed", "Issuer's signature", "Written record");
        assertFailedFirst();
        assertThat(text("summary-heading")).contains("NOT confirmed");
        screenshot("en-fail");

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(pdf.toString());
        button().click();
        assertThat(verdict()).isEqualTo("PASS");
        assertThat(checkStatus("pdf-signature")).isEqualTo("PASSED");
        assertThat(particular("Asset title")).isEqualTo(issued.title());

        browser.get(base + "/verify?cert=" + issued.id());
        assertThat(verdict()).isEqualTo("PASS");
        assertThat(text("certificate-id")).contains(issued.id());

        JsonNode unknown = RegistryClient.JSON.readTree(client.get("/api/certificates/" + "0".repeat(64)).body());
        assertThat(unknown.get("code").asText()).isEqualTo("CERTIFICATE_NOT_FOUND");
        browser.get(base + "/verify?cert=" + "0".repeat(64));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(text("error")).contains("no certificate");
    }

    @Test
    @Order(2)
    void aTamperedOriginalFileFailsTheFileDigestsCheckShownFirst() throws Exception {
        byte[] content = original();
        Issued issued = register(content);
        Path certificate = Files.writeString(files.resolve("for-tampered-file.json"), issued.json());
        byte[] changed = content.clone();
        changed[changed.length - 2] = '8';
        Path file = Files.write(files.resolve("panel-changed.csv"), changed);

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(certificate.toString());
        chooseOriginal(file);
        button().click();
        assertThat(verdict()).isEqualTo("FAIL");
        assertThat(checkStatus("file-digests")).isEqualTo("FAILED");
        assertThat(browser.findElement(By.cssSelector("#checks tr")).getDomAttribute("data-check")).isEqualTo("file-digests");
        assertThat(text("failed-summary")).isEqualTo("1 check failed: Original file.");
        assertFailedFirst();
    }

    @Test
    @Order(3)
    void theDigestsHashedInTheBrowserAreTheEvidenceModules() throws Exception {
        Random random = new Random(15);
        int chunk = ChunkManifest.CHUNK_SIZE;
        browser.get(base + "/verify");
        for (int size : new int[] {0, 1, 55, 56, 64, 1000, chunk, chunk + 1, 2 * chunk + 4097}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = Files.write(files.resolve("content-" + size + ".bin"), content);
            FileDigests expected = FileDigests.of(file);
            chooseOriginal(file);
            assertThat(text("original-sha256")).as("SHA-256 of %d bytes", size).isEqualTo(expected.sha256());
            assertThat(text("original-manifest-root")).as("manifest root of %d bytes", size)
                    .isEqualTo(expected.manifestRoot());
        }
    }

    @Test
    @Order(4)
    void aFileOfMoreThanTwoGibibytesIsHashedInPiecesAndPasses() throws Exception {
        Path big = files.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(BIG);
        }
        String sha256 = sha256(big);
        String manifestRoot = zeroManifestRoot(BIG);
        Issued issued = register(description("Big panel " + UUID.randomUUID(), BIG, sha256, manifestRoot));
        Path certificate = Files.writeString(files.resolve("big-certificate.json"), issued.json());

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(certificate.toString());
        browser.findElement(By.id("original")).sendKeys(big.toString());
        wait.until(d -> "hashing".equals(state()) && Double.parseDouble(attribute("hash-progress", "value")) > 0);
        assertThat(button().isEnabled()).as("Verify while hashing").isFalse();
        assertThat(text("verify-hint")).isEqualTo("Wait until the original file is hashed.");
        assertThat(text("original-state")).startsWith("Hashing big.bin … ");
        screenshot("en-hashing");
        new WebDriverWait(browser, Duration.ofSeconds(180)).until(d -> !"hashing".equals(state()));
        assertThat(state()).as(text("original-state")).isEqualTo("hashed");
        double seconds = Double.parseDouble(attribute("original-state", "data-seconds"));
        System.out.printf("verify page: hashed %,d bytes (SHA-256 and chunk manifest) in %.1f s: %.1f MB/s on %d cores%n",
                BIG, seconds, BIG / 1e6 / seconds, Runtime.getRuntime().availableProcessors());
        Map<String, Long> peaks = browserPeakResidentBytes();
        System.out.printf("verify page: peak resident bytes of the browser's processes: %s%n", peaks);
        assertThat(peaks.values()).as("the browser holds pieces, not the file: %s", peaks)
                .allMatch(peak -> peak < MAX_BROWSER_PROCESS_BYTES);
        assertThat(text("original-sha256")).isEqualTo(sha256);
        assertThat(text("original-manifest-root")).isEqualTo(manifestRoot);

        button().click();
        assertThat(verdict()).isEqualTo("PASS");
        assertThat(checkStatus("file-digests")).isEqualTo("PASSED");
        assertThat(checkReason("file-digests")).isEqualTo("the file matches sha256, manifestRoot");
    }

    @Test
    @Order(5)
    void aFileThatCannotBeReadIsAnErrorAndVerifyStaysDisabled() throws Exception {
        byte[] content = original();
        Issued issued = register(content);
        Path certificate = Files.writeString(files.resolve("for-unreadable.json"), issued.json());
        Path file = files.resolve("changing.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(512L << 20);
        }

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(certificate.toString());
        browser.findElement(By.id("original")).sendKeys(file.toString());
        // Changed after it was chosen: the browser refuses to read the rest of it.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(3600)));
        wait.until(d -> !"hashing".equals(state()));
        assertThat(state()).isEqualTo("unreadable");
        assertThat(text("original-state")).startsWith("The file changing.bin could not be read (")
                .contains("Choose it again, or remove it to verify the certificate alone.");
        assertThat(button().isEnabled()).isFalse();
        assertThat(text("verify-hint")).isEqualTo("The original file could not be read: choose it again or remove it.");
        assertThat(browser.findElement(By.id("result")).isDisplayed()).isFalse();

        browser.findElement(By.id("original-clear")).click();
        assertThat(state()).isEqualTo("none");
        button().click();
        assertThat(verdict()).isEqualTo("PASS");
        assertThat(checkStatus("file-digests")).isEqualTo("SKIPPED");
    }

    @Test
    @Order(6)
    void theTrustBundleIsDownloadedWithTheFingerprintOfItsBytes() throws Exception {
        HttpResponse<byte[]> bundle = client.getBytes("/api/trust-bundle");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Disposition").orElse("")).contains("trust-bundle.json");
        TrustBundle parsed = TrustBundle.from(new String(bundle.body(), StandardCharsets.UTF_8));
        JsonNode network = RegistryClient.JSON.readTree(client.get("/api/network").body());
        assertThat(RegistryClient.JSON.readTree(parsed.toJson())).isEqualTo(network.get("trustBundle"));

        browser.get(base + "/verify");
        browser.findElement(By.id("trust-download")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("trust-fingerprint")));
        assertThat(text("trust-fingerprint"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle.body())));
        assertThat(text("trust-state")).isEqualTo("trust-bundle.json, " + bundle.body().length + " bytes.");
        screenshot("en-trust-bundle");
    }

    @Test
    @Order(7)
    void chineseForAChineseBrowserSwitchableAndRemembered() throws Exception {
        byte[] content = original();
        Issued issued = register(content);
        Path valid = Files.writeString(files.resolve("zh-certificate.json"), issued.json());
        Path tampered = Files.writeString(files.resolve("zh-tampered.json"), EndToEndIT.tamper(issued.json()));
        Path original = Files.write(files.resolve("zh-panel.csv"), content);
        WebDriver zh = chromium("zh-CN");
        WebDriver english = browser;
        try {
            browser = zh;
            wait = new WebDriverWait(zh, Duration.ofSeconds(60));
            zh.get(base + "/verify");
            assertThat(zh.findElement(By.tagName("h1")).getText()).isEqualTo("核验存证证书");
            assertThat(zh.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
            chooseOriginal(original);
            zh.findElement(By.id("certificate")).sendKeys(valid.toString());
            button().click();
            assertThat(verdict()).isEqualTo("PASS");
            assertThat(text("outcome-head")).isEqualTo("核验通过 — 该行为已生效");
            assertThat(text("act-status")).isEqualTo("签发时状态：已生效 — 该行为已经生效");
            assertThat(text("statement")).startsWith("兹证明：bob");
            assertThat(particularLabels()).startsWith("证书编号", "数据资产名称");
            assertThat(checkStatus("issuer-signature")).isEqualTo("通过");
            screenshot("zh-pass");

            zh.findElement(By.cssSelector("button.language[data-lang='en']")).click();
            assertThat(zh.findElement(By.tagName("h1")).getText()).isEqualTo("Verify an evidence certificate");
            assertThat(text("outcome-head")).as("the result is shown again in English")
                    .isEqualTo("VERIFIED — the act is in effect");
            zh.navigate().refresh();
            assertThat(zh.findElement(By.tagName("h1")).getText()).as("remembered").isEqualTo("Verify an evidence certificate");
            zh.findElement(By.cssSelector("button.language[data-lang='zh']")).click();

            zh.get(base + "/verify");
            zh.findElement(By.id("certificate")).sendKeys(tampered.toString());
            button().click();
            assertThat(verdict()).isEqualTo("FAIL");
            assertThat(text("outcome-head")).isEqualTo("核验未通过 — 不能依据本证书");
            assertThat(text("failed-summary")).contains("项检查未通过", "签发机构签名");
            assertFailedFirst();
            screenshot("zh-fail");
        } finally {
            browser = english;
            wait = new WebDriverWait(english, Duration.ofSeconds(60));
            zh.quit();
        }
    }

    /** Last: it switches the registry to review and publicity, and back. */
    @Test
    @Order(8)
    void aPendingAnActInPublicityAndARejectedActNeverReadAsInEffect() throws Exception {
        byte[] content = original();
        RegistryClient.Participant carol = client.enrol(data, "enterprise", "carol");
        Path admin = data.resolve("peer").resolve("crypto").resolve("admin");
        ClientIdentity registrar = new ClientIdentity(bob.mspId(),
                Pem.certificate(Files.readString(admin.resolve("cert.pem"))),
                Pem.privateKey(Files.readString(admin.resolve("key.pem"))));
        submit(registrar, r -> r.configureRegistry(true, Duration.ofDays(30)));
        try {
            String description = description(content);
            Committed registered = submit(bob.identity(), r -> r.registerAsset(description));
            Issued pending = issue(registered);
            Path pendingFile = Files.writeString(files.resolve("pending.json"), pending.json());
            String actId = RegistryClient.JSON.readTree(pending.json()).path("status").path("actId").asText();

            browser.get(base + "/verify");
            browser.findElement(By.id("certificate")).sendKeys(pendingFile.toString());
            button().click();
            assertThat(verdict()).isEqualTo("PASS");
            assertThat(outcome()).isEqualTo("not-in-effect");
            assertThat(text("outcome-head")).isEqualTo("VERIFIED, BUT THE ACT HAS NOT TAKEN EFFECT: PENDING REVIEW");
            assertThat(text("verdict-qualifier")).isEqualTo("(act not in effect: pending review)");
            assertThat(text("act-status")).startsWith("Status at issue: PENDING REVIEW");
            assertThat(color("outcome")).isNotEqualTo(colorOfEffective());
            screenshot("en-pending");

            Committed reviewed = submit(registrar, r -> r.reviewAct(actId, true, "complete"));
            Path publicityFile = Files.writeString(files.resolve("publicity.json"), issue(reviewed).json());
            browser.get(base + "/verify");
            browser.findElement(By.id("certificate")).sendKeys(publicityFile.toString());
            button().click();
            assertThat(verdict()).isEqualTo("PASS");
            assertThat(outcome()).isEqualTo("not-in-effect");
            assertThat(text("outcome-head")).startsWith("VERIFIED, BUT THE ACT HAS NOT TAKEN EFFECT: IN PUBLICITY UNTIL ");
            assertThat(text("act-status")).startsWith("Status at issue: IN PUBLICITY until ")
                    .endsWith("this act has not taken effect: objections may be filed until then");
            assertThat(color("outcome")).isNotEqualTo(colorOfEffective());
            Committed objection = submit(carol.identity(), r -> r.fileObjection(actId, "the data is mine", null));
            String objectionId = objection.result().path("id").asText();
            Committed upheld = submit(registrar, r -> r.resolveObjection(objectionId, true, "the objector holds it"));
            Path rejectedFile = Files.writeString(files.resolve("rejected.json"), issue(upheld).json());

            browser.get(base + "/verify");
            browser.findElement(By.id("certificate")).sendKeys(rejectedFile.toString());
            button().click();
            assertThat(verdict()).isEqualTo("PASS");
            assertThat(outcome()).isEqualTo("rejected");
            assertThat(text("outcome-head")).isEqualTo("VERIFIED, BUT THE ACT DID NOT TAKE EFFECT: IT WAS REJECTED");
            assertThat(text("act-status")).isEqualTo("Status at issue: REJECTED — this act did not take effect");
            assertThat(color("outcome")).isNotEqualTo(colorOfEffective());

            // The registration's own certificate still says pending at issue; the ledger says rejected now.
            browser.get(base + "/verify");
            browser.findElement(By.id("certificate")).sendKeys(pendingFile.toString());
            button().click();
            assertThat(verdict()).isEqualTo("PASS");
            assertThat(outcome()).isEqualTo("rejected");
            assertThat(text("act-status")).startsWith("Status at issue: PENDING REVIEW");
            assertThat(text("act-status-now")).startsWith("Status now: REJECTED").contains("(changed since issue)");
            assertThat(text("verdict-qualifier")).isEqualTo("(act not in effect: rejected)");
            screenshot("en-rejected");
        } finally {
            submit(registrar, r -> r.configureRegistry(false, Duration.ZERO));
        }
    }

    private record Issued(String id, String json, String title) {
    }

    /** A small CSV, different for each call: the ledger refuses to register the same content twice. */
    private static byte[] original() {
        return ("id,region,sales\n1,CN-44,7\n2,CN-31," + UUID.randomUUID().toString().substring(0, 8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Issued register(byte[] content) throws Exception {
        return register(description(content));
    }

    private Issued register(String description) throws Exception {
        return issue(client.registerAsset(bob, description));
    }

    private Issued issue(Committed committed) throws Exception {
        HttpResponse<String> issued = client.postJson("/api/certificates",
                "{\"transactionId\":\"" + committed.transactionId() + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode json = RegistryClient.JSON.readTree(issued.body());
        String title = RegistryClient.JSON.readTree(json.path("record").path("value").asText()).path("title").asText();
        return new Issued(json.get("id").asText(), issued.body(), title);
    }

    private static String description(byte[] content) throws Exception {
        return description("Retail panel 零售面板 " + UUID.randomUUID().toString().substring(0, 8), content.length,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), null);
    }

    private static String description(String title, long size, String sha256, String manifestRoot) throws Exception {
        var node = RegistryClient.JSON.createObjectNode().put("title", title).put("industry", "retail")
                .put("classification", "GENERAL").put("format", "CSV").put("region", "CN-31").put("sizeBytes", size)
                .put("recordCount", 3).put("sha256", sha256);
        if (manifestRoot != null) {
            node.put("manifestRoot", manifestRoot);
        }
        return RegistryClient.JSON.writeValueAsString(node);
    }

    private Committed submit(ClientIdentity who, Function<RightsContract, Committed> act) throws Exception {
        NetworkDescription network = NetworkDescription.from(RegistryClient.JSON.readTree(client.get("/api/network").body()));
        try (LedgerConnection ledger = LedgerConnection.open(network.ledgerEndpoint(), who)) {
            return act.apply(ledger.rights());
        }
    }

    /**
     * The chunk manifest root of {@code length} zero bytes (a sparse file reads as zeros): every full chunk
     * has the digests of a chunk of zeros, so two chunks are hashed instead of all of them.
     */
    private static String zeroManifestRoot(long length) throws IOException {
        int chunkSize = ChunkManifest.CHUNK_SIZE;
        int tail = (int) (length % chunkSize);
        ChunkManifest.Chunk full = ChunkManifest.of(new ByteArrayInputStream(new byte[chunkSize])).chunks().get(0);
        List<ChunkManifest.Chunk> chunks = new ArrayList<>(Collections.nCopies((int) (length / chunkSize), full));
        if (tail > 0) {
            chunks.add(ChunkManifest.of(new ByteArrayInputStream(new byte[tail])).chunks().get(0));
        }
        return ChunkManifest.rootOf(chunkSize, length, chunks);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer.clear()) > 0) {
                digest.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void chooseOriginal(Path file) {
        browser.findElement(By.id("original")).sendKeys(file.toString());
        wait.until(d -> !"hashing".equals(state()) && file.getFileName().toString().equals(hashedName()));
        assertThat(state()).as(text("original-state")).isEqualTo("hashed");
    }

    private String hashedName() {
        String shown = text("original-state");
        int cut = shown.indexOf(" (") >= 0 ? shown.indexOf(" (") : shown.indexOf('（');
        return cut < 0 ? "" : shown.substring(0, cut);
    }

    private WebElement button() {
        return browser.findElement(By.id("verify"));
    }

    private String state() {
        return attribute("original-state", "data-state");
    }

    private String attribute(String id, String name) {
        return "value".equals(name) ? browser.findElement(By.id(id)).getDomProperty(name)
                : browser.findElement(By.id(id)).getDomAttribute(name);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String verdict() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        return text("verdict");
    }

    private String outcome() {
        return attribute("outcome", "data-outcome");
    }

    private String color(String id) {
        return browser.findElement(By.id(id)).getCssValue("border-color");
    }

    private String colorOfEffective() {
        return (String) ((JavascriptExecutor) browser).executeScript("const d = document.createElement('div');"
                + "d.className = 'outcome effective'; document.body.appendChild(d);"
                + "const c = getComputedStyle(d).borderColor; d.remove(); return c;");
    }

    private String particular(String englishLabel) {
        return browser.findElement(By.cssSelector("#particulars tr[data-field='" + englishLabel + "'] td")).getText();
    }

    private List<String> particularLabels() {
        return browser.findElements(By.cssSelector("#particulars th")).stream().map(WebElement::getText).toList();
    }

    private String checkStatus(String check) {
        return browser.findElement(By.cssSelector("#checks tr[data-check='" + check + "'] td.status")).getText();
    }

    private String checkReason(String check) {
        return browser.findElement(By.cssSelector("#checks tr[data-check='" + check + "'] td.reason")).getText();
    }

    private void assertFailedFirst() {
        List<String> statuses = browser.findElements(By.cssSelector("#checks tr")).stream()
                .map(r -> r.getDomAttribute("data-status")).toList();
        int failed = (int) statuses.stream().filter("FAILED"::equals).count();
        assertThat(failed).isPositive();
        assertThat(statuses.subList(0, failed)).as("rows %s", statuses).containsOnly("FAILED");
    }

    private void assertAbove(String upper, String lower) {
        assertThat(browser.findElement(By.id(upper)).getLocation().getY())
                .isLessThan(browser.findElement(By.id(lower)).getLocation().getY());
    }

    private void screenshot(String name) throws IOException {
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 140, 4000)));
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    /**
     * The peak resident set (VmHWM) of each of the browser's processes (descendants of this JVM running
     * chromium or chromedriver), by
     * "pid type" (the Chromium process type: browser, renderer, gpu-process, …).
     */
    private static Map<String, Long> browserPeakResidentBytes() throws IOException {
        Map<String, Long> peaks = new java.util.TreeMap<>();
        List<Long> pids = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        for (long pid : pids) {
            Path proc = Path.of("/proc", Long.toString(pid));
            String command;
            List<String> lines;
            try {
                command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                lines = Files.readAllLines(proc.resolve("status"));
            } catch (IOException e) {
                continue; // the process ended meanwhile
            }
            if (!command.contains("chrom")) {
                continue; // not the browser (the embedded peer's chaincode runs in a process of its own)
            }
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("--type=([a-z-]+)").matcher(command);
            String name = pid + " " + (type.find() ? type.group(1) : command.contains("chromedriver") ? "chromedriver" : "browser");
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    peaks.put(name, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        }
        assertThat(peaks).as("browser processes found").isNotEmpty();
        return peaks;
    }

    private static WebDriver chromium(String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--lang=" + language, "--window-size=1280,1000");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
