package org.dataright.peer.chaincode;

/**
 * Where a chaincode-as-a-service server listens, and the chaincode name and version it is defined
 * under on the channel (the namespace of its state and the version in its endorsements).
 */
public record ChaincodeAddress(String name, String version, String host, int port) {
    public static final String DEFAULT_VERSION = "1.0";

    public ChaincodeAddress {
        if (name == null || !name.matches("[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*")) {
            // Fabric's chaincode name rule (lifecycle's ChaincodeNameRegExp).
            throw new IllegalArgumentException("chaincode name '" + name
                    + "' must be letters and digits, optionally joined by single '-' or '_'");
        }
        if (name.equals("qscc") || name.equals("cscc") || name.equals("_lifecycle") || name.equals("lscc")) {
            throw new IllegalArgumentException("chaincode name '" + name + "' is taken by a Fabric system chaincode");
        }
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("chaincode " + name + " needs a version");
        }
        if (host == null || host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("chaincode " + name + " needs a host and a port in 1..65535, not " + host + ":" + port);
        }
    }

    public static ChaincodeAddress of(String name, String host, int port) {
        return new ChaincodeAddress(name, DEFAULT_VERSION, host, port);
    }

    /** Parses {@code NAME=HOST:PORT}. */
    public static ChaincodeAddress parse(String text) {
        int eq = text.indexOf('=');
        int colon = text.lastIndexOf(':');
        if (eq <= 0 || colon < eq + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("chaincode address '" + text + "' must look like NAME=HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port of chaincode address '" + text + "' is not a number", e);
        }
        return of(text.substring(0, eq), text.substring(eq + 1, colon), port);
    }

    public String target() {
        return host + ":" + port;
    }
}
