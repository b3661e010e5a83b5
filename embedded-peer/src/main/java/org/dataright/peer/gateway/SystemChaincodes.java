package org.dataright.peer.gateway;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dataright.fabric.msp.ValidIdentity;
import org.dataright.peer.chaincode.ChaincodeSupport;
import org.dataright.peer.ledger.Ledger;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * The system chaincodes Fabric clients call through the endorser: {@code qscc} (blocks, transactions,
 * chain info), {@code cscc} (channels and their config) and the queries of {@code _lifecycle}. They run
 * without a simulation (no read-write set). Access as Fabric's default ACLs: a proposal's creator is a
 * channel member (the endorser checked that, or, for a proposal on no channel, that it is a member of
 * this peer's organisation); {@code GetChannels} wants a member of this peer's organisation and
 * {@code QueryInstalledChaincodes} one of its admins.
 */
final class SystemChaincodes {
    /** Fabric's {@code scc.SysCCVersion}: the chaincode version in a system chaincode's proposal response. */
    static final String VERSION = "syscc";
    private static final Set<String> NAMES = Set.of(Qscc.NAME, Cscc.NAME, Lifecycle.NAME);

    private final String localMspId;
    private final Qscc qscc;
    private final Cscc cscc;
    private final Lifecycle lifecycle;

    SystemChaincodes(Ledger ledger, String localMspId, Map<String, ChaincodeSupport> chaincodes) {
        this.localMspId = localMspId;
        this.qscc = new Qscc(ledger);
        this.cscc = new Cscc(ledger);
        this.lifecycle = new Lifecycle(ledger, localMspId, chaincodes);
    }

    static boolean isSystemChaincode(String name) {
        return NAMES.contains(name);
    }

    /** Runs a system chaincode for a proposal on {@code channelId} ("" for none) by {@code creator}. */
    Response invoke(UnpackedProposal up, ValidIdentity creator) {
        var args = up.input().getArgsList();
        String function = args.isEmpty() ? "" : args.get(0).toStringUtf8();
        switch (up.chaincodeName()) {
            case Qscc.NAME:
                return qscc.invoke(args);
            case Cscc.NAME:
                if (function.equals(Cscc.GET_CHANNELS) && !creator.mspId().equals(localMspId)) {
                    return Responses.error("access denied for [" + function + "]: the creator's organisation " + creator.mspId()
                            + " is not this peer's organisation " + localMspId + ", whose members may list its channels");
                }
                return cscc.invoke(args);
            default:
                if (function.equals(Lifecycle.QUERY_INSTALLED)
                        && (!creator.mspId().equals(localMspId) || creator.role() != MSPRoleType.ADMIN)) {
                    return Responses.error("Failed to authorize invocation due to failed ACL check: " + function + " is for"
                            + " the admins of this peer's organisation " + localMspId + ", and the creator is a "
                            + creator.role().name().toLowerCase(Locale.ROOT) + " of " + creator.mspId());
                }
                return lifecycle.invoke(up.channelId(), args);
        }
    }
}
