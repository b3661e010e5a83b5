package org.dataright.evidence.pdf;

import java.awt.geom.GeneralPath;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The page's fonts: Noto Sans SC Regular, with Chinese and basic Latin, and for the characters it lacks Noto Sans
 * Regular, with Latin, Greek and Cyrillic in full (both SIL Open Font License 1.1, TrueType). The build copies both
 * into the jar (they are never taken from the system). Each is loaded into the document as a Type 0 font that PDFBox
 * subsets to the glyphs the page uses; the second only when the page needs one of its characters, so a page in
 * Chinese and English embeds one font. Text is drawn in runs, each in the font that has its characters.
 */
final class CjkFont implements Closeable {
    static final String RESOURCE = "NotoSansSC-Regular.ttf";
    static final String FALLBACK_RESOURCE = "NotoSans-Regular.ttf";
    private static final Map<String, byte[]> DATA = new HashMap<>();

    private final PDDocument doc;
    private final Face primary;
    private final Face fallback;

    /** One font file, parsed, and loaded into the document once it is drawn with. */
    private final class Face {
        final TrueTypeFont ttf;
        final CmapLookup cmap;
        final float unitsPerEm;
        private PDType0Font font;

        Face(String resource) throws IOException {
            ttf = new TTFParser().parse(new RandomAccessReadBuffer(data(resource)));
            // Substitutions (ligatures) would make the extracted text differ from the text written.
            ttf.setEnableGsub(false);
            cmap = ttf.getUnicodeCmapLookup();
            unitsPerEm = ttf.getUnitsPerEm();
        }

        boolean has(int codePoint) {
            return cmap.getGlyphId(codePoint) > 0;
        }

        PDType0Font font() {
            if (font == null) {
                try {
                    font = PDType0Font.load(doc, ttf, true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return font;
        }
    }

    /** A piece of shown text in one font. */
    record Run(PDType0Font font, String text) {
    }

    private CjkFont(PDDocument doc) throws IOException {
        this.doc = doc;
        primary = new Face(RESOURCE);
        fallback = new Face(FALLBACK_RESOURCE);
        primary.font(); // the page always has Chinese
    }

    static CjkFont load(PDDocument doc) {
        try {
            return new CjkFont(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("the certificate fonts cannot be read: " + e.getMessage(), e);
        }
    }

    /** A font file, read once from the classpath and kept. */
    private static synchronized byte[] data(String resource) throws IOException {
        byte[] bytes = DATA.get(resource);
        if (bytes == null) {
            try (InputStream in = CjkFont.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the certificate font " + resource + " is not on the classpath; "
                            + "build the evidence module with Maven, which fetches it (see evidence/pom.xml)");
                }
                bytes = in.readAllBytes();
            }
            DATA.put(resource, bytes);
        }
        return bytes;
    }

    /** The face that draws the code point; null when neither font has it. */
    private Face face(int codePoint) {
        if (codePoint < 0x20 || Character.isISOControl(codePoint)) {
            return null;
        }
        return primary.has(codePoint) ? primary : fallback.has(codePoint) ? fallback : null;
    }

    /** Whether a font of the page has a glyph for the code point. */
    boolean canShow(int codePoint) {
        return face(codePoint) != null;
    }

    /** The text with each code point no font can show (and each control character) replaced by '?'. */
    String shown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(canShow(cp) ? cp : '?'));
        return out.toString();
    }

    /** {@link #shown} text cut into runs, each in the font that has its characters. */
    List<Run> runs(String shownText) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Face currentFace = null;
        for (int cp : shownText.codePoints().toArray()) {
            Face f = face(cp);
            if (f != currentFace && current.length() > 0) {
                runs.add(new Run(currentFace.font(), current.toString()));
                current.setLength(0);
            }
            currentFace = f;
            current.appendCodePoint(cp);
        }
        if (current.length() > 0) {
            runs.add(new Run(currentFace.font(), current.toString()));
        }
        return runs;
    }

    /** The width of {@link #shown} text at the given size, in points. */
    float width(String shownText, float size) {
        try {
            float width = 0;
            for (Run run : runs(shownText)) {
                width += run.font().getStringWidth(run.text()) / 1000f * size;
            }
            return width;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A code point's advance, in ems (0 for one no font has). */
    float advance(int codePoint) {
        Face f = face(codePoint);
        if (f == null) {
            f = primary;
            codePoint = '?';
        }
        try {
            return f.ttf.getAdvanceWidth(f.cmap.getGlyphId(codePoint)) / f.unitsPerEm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A code point's outline in units of a thousandth of an em, or null for none (a space, or no glyph). */
    GeneralPath outline(int codePoint) {
        Face f = face(codePoint);
        if (f == null) {
            return null;
        }
        try {
            GlyphData glyph = f.ttf.getGlyph().getGlyph(f.cmap.getGlyphId(codePoint));
            if (glyph == null) {
                return null;
            }
            GeneralPath path = glyph.getPath();
            if (f.unitsPerEm != 1000) {
                path.transform(java.awt.geom.AffineTransform.getScaleInstance(1000 / f.unitsPerEm, 1000 / f.unitsPerEm));
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The units of {@link #outline}: a thousandth of an em. */
    float unitsPerEm() {
        return 1000;
    }

    /** Closes the parsed fonts; call after the document is saved (the subsets are built when saving). */
    @Override
    public void close() throws IOException {
        primary.ttf.close();
        fallback.ttf.close();
    }
}
