package org.dataright.chaincode;

import java.util.Locale;

/** Roles carried in the certificate's Fabric CA attribute {@code role}. */
enum Role {
    ENTERPRISE, EXCHANGE, NOTARY, COURT, BANK, REGULATOR, REGISTRAR,
    /** No or an unknown role attribute: may read, may not act. */
    NONE;

    static Role parse(String attribute) {
        if (attribute == null) {
            return NONE;
        }
        for (Role r : values()) {
            if (r != NONE && r.label().equals(attribute)) {
                return r;
            }
        }
        return NONE;
    }

    String label() {
        return this == NONE ? "(none)" : name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
