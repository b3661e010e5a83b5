package org.dataright.evidence.pdf;

import java.awt.geom.GeneralPath;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The page's one font, Noto Sans SC Regular (SIL Open Font License 1.1): a TrueType font with Chinese
 * and Latin glyphs that the build copies into the jar (it is never taken from the system), loaded into
 * each document as a Type 0 font that PDFBox subsets to the glyphs the page uses.
 */
final class CjkFont implements Closeable {
    static final String RESOURCE = "NotoSansSC-Regular.ttf";
    private static byte[] data;

    private final TrueTypeFont ttf;
    private final CmapLookup cmap;
    private final float unitsPerEm;
    final PDType0Font font;

    private CjkFont(PDDocument doc) throws IOException {
        ttf = new TTFParser().parse(new RandomAccessReadBuffer(data()));
        // Substitutions (ligatures) would make the extracted text differ from the text written.
        ttf.setEnableGsub(false);
        cmap = ttf.getUnicodeCmapLookup();
        unitsPerEm = ttf.getUnitsPerEm();
        font = PDType0Font.load(doc, ttf, true);
    }

    static CjkFont load(PDDocument doc) {
        try {
            return new CjkFont(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("the certificate font " + RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The font file, read once from the classpath and kept. */
    private static synchronized byte[] data() throws IOException {
        if (data == null) {
            try (InputStream in = CjkFont.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the certificate font " + RESOURCE + " is not on the classpath; "
                            + "build the evidence module with Maven, which fetches it (see evidence/pom.xml)");
                }
                data = in.readAllBytes();
            }
        }
        return data;
    }

    /** Whether the font has a glyph for the code point. */
    boolean canShow(int codePoint) {
        return codePoint >= 0x20 && !Character.isISOControl(codePoint) && cmap.getGlyphId(codePoint) > 0;
    }

    /** The text with each code point the font cannot show (and each control character) replaced by '?'. */
    String shown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(canShow(cp) ? cp : '?'));
        return out.toString();
    }

    /** The width of {@link #shown} text at the given size, in points. */
    float width(String shownText, float size) {
        try {
            return font.getStringWidth(shownText) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A code point's advance, in ems. */
    float advance(int codePoint) {
        try {
            return ttf.getAdvanceWidth(cmap.getGlyphId(codePoint)) / unitsPerEm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A code point's outline in font units (an em is {@link #unitsPerEm()}), or null for none (a space). */
    GeneralPath outline(int codePoint) {
        try {
            GlyphData glyph = ttf.getGlyph().getGlyph(cmap.getGlyphId(codePoint));
            return glyph == null ? null : glyph.getPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    float unitsPerEm() {
        return unitsPerEm;
    }

    /** Closes the parsed font; call after the document is saved (the subset is built when saving). */
    @Override
    public void close() throws IOException {
        ttf.close();
    }
}
