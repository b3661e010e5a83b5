/** The benchmark of certificate verification and content hashing (test code; see the module README). */
package org.dataright.evidence.bench;
