/** Identities as a Fabric MSP sees them: serialized identities, NodeOU roles, chain validation, the channel's organisations, and a CA that issues as Fabric CA does. */
package org.dataright.fabric.msp;
