/** The channel configuration as a config block holds it, and its one reader. */
package org.dataright.fabric.config;
