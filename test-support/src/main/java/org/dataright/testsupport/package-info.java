/**
 * What the tests of several modules share: {@link org.dataright.testsupport.RegistryServiceProcess},
 * the registry service's runnable jar as a child process, and {@link org.dataright.testsupport.PackageCycles},
 * the check that a module's packages form no cycle. Used by tests only.
 */
package org.dataright.testsupport;
