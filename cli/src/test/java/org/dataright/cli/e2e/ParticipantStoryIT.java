package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dataright.cli.e2e.Participants.REGISTRAR;
import static org.dataright.cli.e2e.Participants.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.dataright.cli.Cli;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.testsupport.RegistryServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The participant directory as its users meet it, through dpr against the service as shipped: four
 * participants enrol (the service enters each in the directory), one registers a data asset, offers it to
 * the receiver by display name, the receiver accepts and licenses it back by handle, pledges it to the
 * bank by name; a pledge to a non-bank is refused before it can lock the right; a court freezes it; and
 * the registrar lists the acts awaiting review.
 */
@ExtendWith(SharedService.class)
class ParticipantStoryIT {
    static final String CONTRACT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;

    @Test
    void enrolRegisterOfferToANameLicenceToAHandlePledgeToABankFreezeAndListPendingActs(RegistryServiceProcess service)
            throws Exception {
        Cli cli = new Cli(dir).withSystemClock();
        Participants.importRegistrar(cli, service);
        String xinhua = Participants.enrol(cli, service, "xinhua", "enterprise", "Xinhua Data Works");
        String lingang = Participants.enrol(cli, service, "lingang", "enterprise", "Lingang Analytics");
        String bank = Participants.enrol(cli, service, "bank", "bank", "First Bank of Pudong");
        Participants.enrol(cli, service, "court", "court", "Jingan Court");

        // Each enrolled participant is in the directory, with a handle made from its name.
        JsonNode found = json(cli.run("--profile", "xinhua", "participant", "search", "pudong", "--json"));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asText()).isEqualTo(bank);
        assertThat(found.get(0).get("handle").asText()).isEqualTo("first-bank-of-pudong");
        assertThat(found.get(0).get("roles").get(0).asText()).isEqualTo("bank");
        assertThat(found.get(0).get("status").asText()).isEqualTo("ACTIVE");
        JsonNode shown = json(cli.run("--profile", "xinhua", "participant", "show", "lingang-analytics", "--json"));
        assertThat(shown.get("id").asText()).isEqualTo(lingang);
        assertThat(shown.get("name").asText()).isEqualTo("Lingang Analytics");
        Cli.Result listed = cli.run("--profile", "xinhua", "participant", "list");
        assertThat(listed.exit()).as(listed.err()).isEqualTo(0);
        assertThat(listed.out()).contains("xinhua-data-works", "Lingang Analytics", "jingan-court", bank);

        // Register, then offer to the receiver by its display name: dpr says whom it resolved to before signing.
        Path data = Files.writeString(dir.resolve("port-calls.csv"), "day,calls\n2026-01-01," + System.nanoTime() + "\n");
        JsonNode registered = json(cli.run("--profile", "xinhua", "asset", "register", data.toString(),
                "--industry", "logistics", "--region", "CN-31", "--json"));
        String asset = registered.get("results").get(0).get("assetId").asText();
        String right = asset + "/RESOURCE_HOLDING";
        Cli.Result offered = cli.run("--profile", "xinhua", "right", "offer", right, "--to", "Lingang Analytics",
                "--contract", CONTRACT, "--json");
        JsonNode offer = json(offered);
        assertThat(offered.err()).isEqualTo("--to Lingang Analytics → Lingang Analytics (lingang-analytics, enterprise) "
                + lingang + "\n");
        assertThat(offer.get("record").get("offer").get("receiver").asText()).isEqualTo(lingang);
        JsonNode accepted = json(cli.run("--profile", "lingang", "right", "accept", right, "--json"));
        assertThat(accepted.get("record").get("holder").asText()).isEqualTo(lingang);

        // The new holder licenses to the former one by handle.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode licence = json(cli.run("--profile", "lingang", "licence", "grant", asset, "PROCESSING_USE",
                "--to", "xinhua-data-works", "--purpose", "route planning", "--scope", "aggregates", "--territory", "CN",
                "--start", now.toString(), "--end", now.plus(180, ChronoUnit.DAYS).toString(), "--json"));
        assertThat(licence.get("record").get("licensee").asText()).isEqualTo(xinhua);

        // A pledge to a non-bank is refused by the chaincode and writes nothing; to the bank, by name, it commits.
        long height = SharedService.height(service);
        Cli.Result toNonBank = cli.run("--profile", "lingang", "pledge", right, "--to", "xinhua-data-works",
                "--contract", CONTRACT);
        assertThat(toNonBank.exit()).as(toNonBank.err()).isEqualTo(ExitCodes.REJECTED);
        assertThat(toNonBank.err()).contains("error: PLEDGEE_NOT_BANK: the pledgee xinhua-data-works (" + xinhua
                + ") has the roles [enterprise], not bank, so it could never release a pledge");
        assertThat(SharedService.height(service)).isEqualTo(height);
        // Before taking the pledge the bank gets the right's standing: proven unpledged and unfrozen.
        Cli.Result unpledged = cli.run("--profile", "bank", "certificate", "standing", right, "--out",
                dir.resolve("standing").toString());
        assertThat(unpledged.exit()).as(unpledged.out() + unpledged.err()).isZero();
        assertThat(unpledged.out()).contains("Right " + right + ": holder " + lingang, "    pledge: none", "    freeze: none",
                "PASS: the standing verifies");
        JsonNode pledged = json(cli.run("--profile", "lingang", "pledge", right, "--to", "First Bank of Pudong",
                "--contract", CONTRACT, "--json"));
        assertThat(pledged.get("record").get("pledge").get("pledgee").asText()).isEqualTo(bank);
        Cli.Result withPledge = cli.run("--profile", "bank", "certificate", "standing", right, "--out",
                dir.resolve("standing").toString());
        assertThat(withPledge.exit()).as(withPledge.out() + withPledge.err()).isZero();
        assertThat(withPledge.out()).contains("    pledge: to " + bank + " since ");
        Path saved = Path.of(withPledge.out().lines().filter(l -> l.startsWith("saved ")).findFirst().orElseThrow()
                .substring("saved ".length()));
        Cli.Result offline = cli.run("--profile", "bank", "verify", saved.toString());
        assertThat(offline.exit()).as(offline.out() + offline.err()).isZero();
        assertThat(offline.out()).contains("    pledge: to " + bank);
        // The same standing with the pledge edited out of the right's record: it no longer verifies.
        ObjectNode edited = (ObjectNode) Output.JSON.readTree(Files.readString(saved));
        for (JsonNode record : edited.withArray("records")) {
            String value = new String(Base64.getDecoder().decode(record.get("value").asText()),
                    StandardCharsets.UTF_8);
            if (value.contains("\"pledgee\"")) {
                ((ObjectNode) record).put("value", Base64.getEncoder()
                        .encodeToString(value.replaceAll("\"pledge\":\\{[^}]*\\}", "\"pledge\":null")
                                .getBytes(StandardCharsets.UTF_8)));
            }
        }
        Path forged = Files.writeString(dir.resolve("forged.standing.json"), edited.toString());
        Cli.Result refused = cli.run("--profile", "bank", "verify", forged.toString());
        assertThat(refused.exit()).as(refused.out()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(refused.out()).contains("FAIL: the records are not those the map holds");
        JsonNode released = json(cli.run("--profile", "bank", "release", right, "--json"));
        assertThat(released.get("record").get("pledge").isNull()).isTrue();

        // A name that names nobody, and one that two participants answer to, are refused before anything is signed.
        Cli.Result nobody = cli.run("--profile", "lingang", "right", "offer", right, "--to", "Beta Ltd", "--contract", CONTRACT);
        assertThat(nobody.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(nobody.err()).startsWith("error: PARTY_NOT_FOUND: --to: no participant in the directory is 'Beta Ltd'");
        Participants.enrol(cli, service, "lookalike", "enterprise", "lingang-analytics");
        Cli.Result ambiguous = cli.run("--profile", "xinhua", "participant", "show", "lingang-analytics");
        assertThat(ambiguous.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(ambiguous.err()).startsWith("error: PARTY_AMBIGUOUS: PARTY: 'lingang-analytics' names 2 participants: ")
                .contains(lingang, "RegistryMSP::OU=client,CN=lingang-analytics");
        assertThat(SharedService.height(service)).as("pledge, release, enrolment").isEqualTo(height + 3);

        // Two evidence anchors of one document: the second certificate is saved beside the first, never over it.
        Path contract = Files.writeString(dir.resolve("contract.txt"), "sale contract " + System.nanoTime());
        JsonNode firstAnchor = json(cli.run("--profile", "lingang", "evidence", "anchor", contract.toString(), "--asset", asset,
                "--kind", "CONTRACT", "--json"));
        JsonNode secondAnchor = json(cli.run("--profile", "lingang", "evidence", "anchor", contract.toString(), "--asset", asset,
                "--kind", "CONTRACT", "--description", "signed copy", "--json"));
        Path firstFile = Path.of(firstAnchor.get("certificate").asText());
        Path secondFile = Path.of(secondAnchor.get("certificate").asText());
        assertThat(firstFile).isEqualTo(dir.resolve("contract.txt.certificate.json"));
        assertThat(secondFile.getFileName().toString()).matches("contract\\.txt\\.[0-9a-f]{16}\\.certificate\\.json");
        assertThat(Files.readString(firstFile)).contains(firstAnchor.get("transactionId").asText());
        assertThat(Files.readString(secondFile)).contains(secondAnchor.get("transactionId").asText());
        assertThat(Path.of(secondAnchor.get("certificatePdf").asText())).isRegularFile().isNotEqualTo(
                Path.of(firstAnchor.get("certificatePdf").asText()));

        // A court freezes the right; the holder cannot offer it.
        assertThat(cli.run("--profile", "court", "freeze", right, "--case", "(2026) Hu 0106 Min Chu 3", "--order", CONTRACT)
                .exit()).isEqualTo(0);
        Cli.Result frozen = cli.run("--profile", "lingang", "right", "offer", right, "--to", "xinhua-data-works",
                "--contract", CONTRACT);
        assertThat(frozen.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(frozen.err()).contains("error: RIGHT_FROZEN: right " + right);

        // With review on, a registration waits; the registrar lists it, and the applicant sees it as its own.
        try {
            assertThat(cli.run("--profile", REGISTRAR, "registry", "configure", "--review-required", "true",
                    "--publicity-days", "10").exit()).isEqualTo(0);
            Path second = Files.writeString(dir.resolve("berths.csv"), "berth,ships\n1," + System.nanoTime() + "\n");
            JsonNode waiting = json(cli.run("--profile", "xinhua", "asset", "register", second.toString(),
                    "--industry", "logistics", "--region", "CN-31", "--json"));
            String pendingAsset = waiting.get("results").get(0).get("assetId").asText();
            JsonNode pending = json(cli.run("--profile", REGISTRAR, "act", "list", "--pending-review", "--json"));
            assertThat(pending).anySatisfy(act -> {
                assertThat(act.get("assetId").asText()).isEqualTo(pendingAsset);
                assertThat(act.get("stage").asText()).isEqualTo("REVIEW");
                assertThat(act.get("applicant").asText()).isEqualTo(xinhua);
            });
            assertThat(json(cli.run("--profile", "xinhua", "act", "list", "--mine", "--json")))
                    .allSatisfy(act -> assertThat(act.get("applicant").asText()).isEqualTo(xinhua))
                    .anySatisfy(act -> assertThat(act.get("assetId").asText()).isEqualTo(pendingAsset));
            assertThat(json(cli.run("--profile", "lingang", "act", "list", "--mine", "--json"))).isEmpty();
            assertThat(json(cli.run("--profile", REGISTRAR, "act", "list", "--in-publicity", "--json")))
                    .noneSatisfy(act -> assertThat(act.get("assetId").asText()).isEqualTo(pendingAsset));
            Cli.Result table = cli.run("--profile", REGISTRAR, "act", "list", "--pending-review");
            assertThat(table.out()).contains("REVIEW", pendingAsset + "/RESOURCE_HOLDING", xinhua);
        } finally {
            // The service is shared with other tests, which expect acts to take effect at once.
            assertThat(cli.run("--profile", REGISTRAR, "registry", "configure", "--review-required", "false",
                    "--publicity-days", "0").exit()).isEqualTo(0);
        }
    }
}
