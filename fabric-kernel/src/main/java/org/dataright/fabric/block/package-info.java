/** Block and header hashes and transaction ids exactly as Fabric computes them. */
package org.dataright.fabric.block;
