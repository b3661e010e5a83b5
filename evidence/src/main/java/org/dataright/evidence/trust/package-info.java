/**
 * What a verifier trusts: the trust bundle (each organisation's CA roots and intermediates, which are
 * orderers, the endorsement policy, the registry's certificate issuers, time-stamp authorities), read
 * from its JSON file or from a Fabric channel configuration block, and certificate chain validation.
 */
package org.dataright.evidence.trust;
