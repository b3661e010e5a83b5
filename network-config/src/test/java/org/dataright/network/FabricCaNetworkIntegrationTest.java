package org.dataright.network;

import java.util.List;

/**
 * {@link FabricNetworkTest} with `network.sh up -ca`: four Fabric CA servers, every node, admin and
 * client enrolled from them, the clients registered with {@code --id.attrs 'role=<role>:ecert'}, so the
 * chaincode's attribute-based access control reads roles Fabric CA wrote (orderer certificates carry
 * OU=orderer once: the orderer CA's affiliation is not named "orderer").
 */
class FabricCaNetworkIntegrationTest extends FabricNetworkTest {
    @Override
    protected List<String> upOptions() {
        return List.of("-ca");
    }

    /**
     * Issue 17, finding 3, is being fixed in evidence/ by others: until then `dpr verify` fails
     * `endorsement-policy` on this network's certificates (Fabric CA's multi-valued OU RDN), and only
     * that is tolerated, with a KNOWN FAILURE line for each verification. Remove this once it is fixed.
     */
    @Override
    protected boolean toleratesFinding3() {
        return true;
    }
}
