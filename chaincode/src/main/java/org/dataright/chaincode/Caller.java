package org.dataright.chaincode;

import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * Who submitted the transaction: a party (MSP id plus certificate subject) and the role that the
 * organisation's CA wrote into the certificate. Never the peer's own MSP id, which a chaincode
 * server serving several peers cannot know.
 */
final class Caller {
    private final String party;
    private final Role role;
    private final String key;

    Caller(String party, Role role, String key) {
        this.party = party;
        this.role = role;
        this.key = key;
    }

    static Caller of(ClientIdentity identity) {
        java.security.cert.X509Certificate certificate = identity.getX509Certificate();
        String subject = certificate.getSubjectX500Principal().getName();
        return new Caller(partyId(identity.getMSPID(), subject), Role.parse(identity.getAttributeValue("role")),
                Keys.fingerprint(certificate));
    }

    /** The party id every record uses: {@code <MSP id>::<subject in RFC 2253 form>}. */
    static String partyId(String mspId, String subject) {
        return mspId + "::" + subject;
    }

    String party() {
        return party;
    }

    /** The fingerprint of the key that signed the transaction (see {@link Keys}). */
    String key() {
        return key;
    }

    Role role() {
        return role;
    }

    /** Refuses the act unless the caller has one of the given roles. */
    Caller mustBe(String act, Role... allowed) {
        for (Role r : allowed) {
            if (r == role) {
                return this;
            }
        }
        throw ErrorCode.ROLE_NOT_ALLOWED.reject("the role '%s' may not %s; allowed: %s",
                role.label(), act, java.util.Arrays.toString(allowed).toLowerCase(java.util.Locale.ROOT));
    }

    boolean is(String partyId) {
        return party.equals(partyId);
    }
}
