package org.dataright.peer.gateway;

import com.google.protobuf.Message;
import org.hyperledger.fabric.protos.peer.Response;

/** The chaincode responses of the system chaincodes: shim.Success and shim.Error. */
final class Responses {
    static final int OK = 200;
    static final int NOT_FOUND = 404;
    static final int ERROR = 500;

    private Responses() {
    }

    static Response success(Message message) {
        return Response.newBuilder().setStatus(OK).setPayload(message.toByteString()).build();
    }

    static Response error(String message) {
        return error(ERROR, message);
    }

    static Response error(int status, String message) {
        return Response.newBuilder().setStatus(status).setMessage(message).build();
    }
}
