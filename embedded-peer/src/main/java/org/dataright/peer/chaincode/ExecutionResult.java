package org.dataright.peer.chaincode;

import java.util.Optional;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * What a chaincode returned for a transaction: its response (status, message, payload) and the
 * event it set, with the chaincode id and tx id filled in as Fabric's chaincode support does.
 */
public record ExecutionResult(Response response, Optional<ChaincodeEvent> event) {
}
