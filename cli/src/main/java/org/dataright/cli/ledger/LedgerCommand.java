package org.dataright.cli.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.util.encoders.Hex;
import org.dataright.cli.base.ExitCodes;
import org.dataright.cli.base.Output;
import org.dataright.cli.base.Table;
import org.dataright.cli.command.DprCommand;
import org.dataright.cli.profile.Profile;
import org.dataright.ledger.client.LedgerEndpoint;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import picocli.CommandLine.Command;

/** {@code dpr ledger info}: the chain's height and head hashes, straight from the peer (qscc). */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "The ledger itself.",
        subcommands = LedgerCommand.Info.class,
        footerHeading = "%nExamples:%n", footer = {"  dpr ledger info", "  dpr ledger info --json"})
public final class LedgerCommand {
    private LedgerCommand() {
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Height, current and previous block hash of the channel, from the peer (qscc GetChainInfo).",
            footerHeading = "%nExamples:%n", footer = {"  dpr ledger info"})
    public static final class Info extends DprCommand {
        @Override
        public Integer call() {
            Profile profile = profile();
            LedgerEndpoint endpoint = ProfileLedger.endpoint(profile);
            BlockchainInfo info = ProfileLedger.call(profile, ledger -> ledger.qscc().chainInfo());
            ObjectNode node = Output.object();
            node.put("channel", endpoint.channel());
            node.put("endpoint", endpoint.target());
            node.put("height", info.getHeight());
            node.put("currentBlockHash", Hex.toHexString(info.getCurrentBlockHash().toByteArray()));
            node.put("previousBlockHash", Hex.toHexString(info.getPreviousBlockHash().toByteArray()));
            output().print(node, Table.fieldsOf(node));
            return ExitCodes.OK;
        }
    }
}
