package org.dataright.network;

import java.util.List;

/**
 * {@link FabricNetworkTest} with `network.sh up -ca`: four Fabric CA servers, every node, admin and
 * client enrolled from them, the clients registered with {@code --id.attrs 'role=<role>:ecert'}, so the
 * chaincode's attribute-based access control reads roles Fabric CA wrote (orderer certificates carry
 * OU=orderer once: the orderer CA's affiliation is not named "orderer"). The fault tests of
 * {@link FabricNetworkTest} run on this network too, so peers enrolled from Fabric CA are stopped and
 * restarted under the service.
 */
class FabricCaNetworkIT extends FabricNetworkTest {
    @Override
    protected List<String> upOptions() {
        return List.of("-ca");
    }
}
