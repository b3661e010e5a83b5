package org.dataright.ledger.client;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/** gRPC statuses as a Fabric gateway (or gRPC itself) sends them, with the gateway's error details. */
final class Faults {
    private Faults() {
    }

    static StatusRuntimeException status(Status.Code code, String description, ErrorDetail... details) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(code.value());
        if (description != null) {
            status.setMessage(description);
        }
        for (ErrorDetail detail : details) {
            status.addDetails(Any.pack(detail));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    static ErrorDetail detail(String mspId, String address, String message) {
        return ErrorDetail.newBuilder().setMspId(mspId).setAddress(address).setMessage(message).build();
    }
}
