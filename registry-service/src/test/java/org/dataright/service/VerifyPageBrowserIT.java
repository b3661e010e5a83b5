package org.dataright.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dataright.ledger.client.Committed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The verification page in a real browser (Debian's headless Chromium through chromedriver): a valid
 * certificate with its original file passes every check, a tampered one fails with the failing checks
 * named, and {@code /verify?cert=<id>} verifies a stored certificate at once.
 */
class VerifyPageBrowserIT {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final byte[] ORIGINAL = "id,region,sales\n1,CN-44,7\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    @TempDir
    Path files;

    private ConfigurableApplicationContext context;
    private WebDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void validAndTamperedCertificatesGetTheirVerdicts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "skipped: " + CHROMEDRIVER + " is absent (install Debian's chromium and chromium-driver)");
        context = TestServices.start(data);
        String base = TestServices.baseUrl(context);
        RegistryClient client = new RegistryClient(base);
        RegistryClient.Participant bob = client.enrol(data, "enterprise", "bob");
        Committed registered = client.registerAsset(bob, RegistryClient.assetDescription(ORIGINAL));
        HttpResponse<String> issued = client.postJson("/api/certificates",
                "{\"transactionId\":\"" + registered.transactionId() + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String id = RegistryClient.JSON.readTree(issued.body()).get("id").asText();

        Path valid = Files.writeString(files.resolve("certificate.json"), issued.body());
        Path tampered = Files.writeString(files.resolve("tampered.json"), EndToEndIT.tamper(issued.body()));
        Path original = Files.write(files.resolve("panel.csv"), ORIGINAL);
        Path pdf = Files.write(files.resolve("certificate.pdf"),
                client.getBytes("/api/certificates/" + id + "?format=pdf").body());

        browser = chromium();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(base + "/verify");
        browser.findElement(By.id("original")).sendKeys(original.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("original-digest"), "SHA-256 "));
        browser.findElement(By.id("certificate")).sendKeys(valid.toString());
        browser.findElement(By.id("verify")).click();
        assertThat(verdict(wait)).isEqualTo("PASS");
        assertThat(checkStatus("issuer-signature")).isEqualTo("PASSED");
        assertThat(checkStatus("file-digests")).isEqualTo("PASSED");
        assertThat(browser.findElements(By.cssSelector("#checks tr"))).hasSizeGreaterThan(20);
        assertThat(browser.findElements(By.cssSelector("#checks tr.FAILED"))).isEmpty();

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(tampered.toString());
        browser.findElement(By.id("verify")).click();
        assertThat(verdict(wait)).isEqualTo("FAIL");
        assertThat(checkStatus("issuer-signature")).isEqualTo("FAILED");
        assertThat(checkStatus("written-state")).isEqualTo("FAILED");

        browser.get(base + "/verify");
        browser.findElement(By.id("certificate")).sendKeys(pdf.toString());
        browser.findElement(By.id("verify")).click();
        assertThat(verdict(wait)).isEqualTo("PASS");

        browser.get(base + "/verify?cert=" + id);
        assertThat(verdict(wait)).isEqualTo("PASS");
        assertThat(browser.findElement(By.id("certificate-id")).getText()).contains(id);

        JsonNode unknown = RegistryClient.JSON.readTree(client.get("/api/certificates/" + "0".repeat(64)).body());
        assertThat(unknown.get("code").asText()).isEqualTo("CERTIFICATE_NOT_FOUND");
        browser.get(base + "/verify?cert=" + "0".repeat(64));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("no certificate");
    }

    private String verdict(WebDriverWait wait) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        return browser.findElement(By.id("verdict")).getText();
    }

    private String checkStatus(String check) {
        return browser.findElement(By.cssSelector("#checks tr[data-check='" + check + "'] td.status")).getText();
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
