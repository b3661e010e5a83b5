package org.dataright.cli.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.ledger.ProfileLedger;
import org.dataright.cli.profile.Profile;
import org.dataright.ledger.client.RightsContract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpr asset register | show | history}. */
@Command(name = "asset", mixinStandardHelpOptions = true,
        description = "Data assets: register files (hashed here, never uploaded), show an asset, its history.",
        subcommands = {RegisterCommand.class, AssetCommand.Show.class, AssetCommand.History.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dpr asset register sales-2024.csv --industry retail --region CN-31",
            "  dpr asset show A-3f9c0d1e2a4b5c6d",
            "  dpr asset history A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING",
        })
public final class AssetCommand {
    private AssetCommand() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "An asset with its rights, licences and anchored evidence, from the ledger.",
            footerHeading = "%nExamples:%n", footer = {"  dpr asset show A-3f9c0d1e2a4b5c6d", "  dpr asset show A-3f9c0d1e2a4b5c6d --json"})
    public static final class Show extends DprCommand {
        @Parameters(paramLabel = "ASSET", description = "Asset id.")
        String assetId;

        @Override
        public Integer call() {
            Profile profile = profile();
            ObjectNode node = Output.object();
            ProfileLedger.call(profile, ledger -> {
                RightsContract rights = ledger.rights();
                node.set("asset", rights.asset(assetId));
                node.set("rights", rights.rightsOfAsset(assetId));
                node.set("licences", rights.licencesOfAsset(assetId));
                node.set("evidence", rights.evidenceOfAsset(assetId));
                return node;
            });
            if (output().isJson()) {
                output().printJson(node);
                return ExitCodes.OK;
            }
            var out = out();
            JsonNode asset = node.get("asset").deepCopy();
            ((ObjectNode) asset).remove("lastAct");
            Table.fieldsOf(asset).render(out);
            out.println();
            Table rights = new Table("RIGHT", "HOLDER", "STATUS", "FROZEN", "PLEDGED TO", "OFFERED TO");
            for (JsonNode r : node.get("rights")) {
                rights.row(r.path("id").asText(), r.path("holder").asText(), r.path("status").asText(),
                        r.path("freeze").isObject() ? r.path("freeze").path("caseNumber").asText("yes") : "",
                        r.path("pledge").path("pledgee").asText(""), r.path("offer").path("receiver").asText(""));
            }
            rights.render(out);
            if (node.get("licences").size() > 0) {
                out.println();
                Table licences = new Table("LICENCE", "TYPE", "LICENSEE", "STATUS", "TERRITORY", "END");
                for (JsonNode l : node.get("licences")) {
                    licences.row(l.path("id").asText(), l.path("rightType").asText(), l.path("licensee").asText(),
                            l.path("status").asText(), l.path("terms").path("territory").asText(),
                            l.path("terms").path("end").asText());
                }
                licences.render(out);
            }
            if (node.get("evidence").size() > 0) {
                out.println();
                Table evidence = new Table("EVIDENCE", "KIND", "SHA-256", "DESCRIPTION");
                for (JsonNode e : node.get("evidence")) {
                    evidence.row(e.path("id").asText(), e.path("kind").asText(), e.path("sha256").asText("-"),
                            e.path("description").asText(""));
                }
                evidence.render(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every version of an asset or of a right (an id with '/'), newest first as the ledger returns them: "
                    + "when, which act, by whom, in which transaction.",
            footerHeading = "%nExamples:%n",
            footer = {"  dpr asset history A-3f9c0d1e2a4b5c6d", "  dpr asset history A-3f9c0d1e2a4b5c6d/RESOURCE_HOLDING --json"})
    public static final class History extends DprCommand {
        @Parameters(paramLabel = "ID", description = "Asset id, or right id <asset id>/<TYPE>.")
        String id;

        @Override
        public Integer call() {
            Profile profile = profile();
            boolean right = id.contains("/");
            JsonNode versions = ProfileLedger.call(profile, ledger -> right ? ledger.rights().rightHistory(id)
                    : ledger.rights().assetHistory(id));
            if (!versions.isArray() || versions.isEmpty()) {
                // A key never written has no history: the same refusal as 'asset show', not an empty table.
                throw CliException.rejected(right ? "RIGHT_NOT_FOUND" : "ASSET_NOT_FOUND", "no " + (right ? "right " : "asset ")
                        + id + " is registered", right ? "check the right id: <asset id>/<TYPE>"
                        : "check the asset id; 'dpr rights list' shows yours");
            }
            Table table = new Table("TIME", "ACT", "ACTOR", "STATUS", "HOLDER", "TRANSACTION");
            for (JsonNode v : versions) {
                JsonNode record = v.path("record");
                table.row(v.path("timestamp").asText(), v.path("act").asText(v.path("deleted").asBoolean() ? "DELETED" : ""),
                        v.path("actor").asText(""), record.path("status").asText(""),
                        record.path("holder").asText(record.path("registrant").asText("")), v.path("txId").asText());
            }
            output().print(versions, table);
            output().say(versions.size() + (versions.size() == 1 ? " version" : " versions") + ", newest first");
            return ExitCodes.OK;
        }
    }
}
