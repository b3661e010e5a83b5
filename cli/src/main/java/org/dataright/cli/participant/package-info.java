/**
 * {@code dpr participant}: the ledger's participant directory — list, show and search it (anyone), and
 * enter or change a participant (the registrar, each a ledger act signed with the registrar's key).
 */
package org.dataright.cli.participant;
