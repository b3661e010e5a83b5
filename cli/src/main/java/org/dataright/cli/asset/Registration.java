package org.dataright.cli.asset;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One file to register and the metadata the chaincode asks for. */
record Registration(Path file, String title, String description, String industry, String classification,
        String format, String region, long recordCount, List<String> lineage) {

    static String formatOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toUpperCase(Locale.ROOT) : "BINARY";
    }
}
