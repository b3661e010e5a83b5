/** Data assets: local hashing and registration of files, one act each; showing an asset and its history. */
package org.dataright.cli.asset;
