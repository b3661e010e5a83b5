/**
 * What the tests of several modules share: {@link org.dataright.testsupport.RegistryServiceProcess},
 * the registry service's runnable jar as a child process. Used by tests only.
 */
package org.dataright.testsupport;
