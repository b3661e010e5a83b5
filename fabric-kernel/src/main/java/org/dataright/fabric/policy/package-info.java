/** Fabric's signature-policy language and its evaluation with Fabric's rules. */
package org.dataright.fabric.policy;
