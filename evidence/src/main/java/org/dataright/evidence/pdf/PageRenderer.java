package org.dataright.evidence.pdf;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.dataright.evidence.pdf.CertificatePage.Row;
import org.dataright.evidence.pdf.CertificatePage.Section;

/**
 * Draws a {@link CertificatePage} on one A4 page: a framed title, the statement in Chinese then English,
 * five sections of labelled fields (label and value on one baseline, so the extracted text reads
 * "label value" line by line), and a band at the foot with the QR code, how to verify, the issuer and its
 * seal. The sections are spread over the height left between the title and the band; if they do not fit
 * (long titles, many parties) the type is made smaller until they do.
 */
final class PageRenderer {
    static final PDRectangle SIZE = PDRectangle.A4;
    private static final float W = SIZE.getWidth();
    private static final float H = SIZE.getHeight();
    private static final float X0 = 46;
    private static final float X1 = W - 46;
    private static final float LABEL_WIDTH = 132;
    private static final float BAND_TOP = 196;
    private static final float QR_SIZE = 100;
    private static final float[] RED = {0.64f, 0.08f, 0.09f};
    private static final float[] INK = {0.10f, 0.10f, 0.13f};
    private static final float[] GREY = {0.36f, 0.36f, 0.40f};
    private static final float[] RULE = {0.80f, 0.74f, 0.70f};
    private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final CjkFont font;
    private final CertificatePage page;
    private final String url;
    private PDPageContentStream cs;
    private float scale = 1;
    private float stretch = 1;
    private boolean replaced;

    private PageRenderer(CjkFont font, CertificatePage page, String url) {
        this.font = font;
        this.page = page;
        this.url = url;
    }

    /** Draws the page into {@code target}'s content stream. */
    static void draw(PDPageContentStream target, CjkFont font, CertificatePage page, String url) throws IOException {
        PageRenderer r = new PageRenderer(font, page, url);
        r.fit();
        r.cs = target;
        r.frame();
        float y = r.header();
        r.body(y);
        r.band();
        r.footer();
    }

    /** Chooses the type scale and the line spacing so that the sections fill the space above the band. */
    private void fit() throws IOException {
        float available = bodyTop() - (BAND_TOP + 14);
        while (true) {
            float used = bodyTop() - body(bodyTop());
            if (used <= available || scale <= 0.6f) {
                stretch = Math.min(1.45f, available / used);
                return;
            }
            scale *= 0.94f;
        }
    }

    private float bodyTop() {
        return H - 132;
    }

    private void frame() throws IOException {
        cs.setStrokingColor(RED[0], RED[1], RED[2]);
        cs.setLineWidth(2.2f);
        cs.addRect(20, 20, W - 40, H - 40);
        cs.stroke();
        cs.setLineWidth(0.6f);
        cs.addRect(25, 25, W - 50, H - 50);
        cs.stroke();
    }

    private float header() throws IOException {
        centered("数据产权登记平台 · Data Property Rights Registry", 9, GREY, false, H - 56);
        centered("数据产权登记/存证证书", 25, RED, true, H - 90);
        centered("Data Property Rights Registration / Evidence Certificate", 12.5f, INK, false, H - 110);
        rule(X0, X1, H - 121, 0.8f, RED);
        return bodyTop();
    }

    /** Lays out (or, with no content stream yet, measures) the statement and the sections; the y reached. */
    private float body(float top) throws IOException {
        float y = top;
        y = paragraph(page.statementZh, 10 * scale, 15.5f * scale * stretch, INK, X0, X1 - X0, y);
        y -= 3 * stretch;
        y = paragraph(page.statementEn, 8 * scale, 11.5f * scale * stretch, GREY, X0, X1 - X0, y);
        for (Section section : page.sections) {
            y -= 9 * scale * stretch;
            y = heading(section.heading(), y);
            for (Row row : section.rows()) {
                y = row(row, y);
            }
        }
        return y;
    }

    private float heading(String text, float y) throws IOException {
        float size = 10.5f * scale;
        y -= size;
        text(X0, y, size, RED, true, text);
        y -= 4 * scale * stretch;
        rule(X0, X1, y, 0.5f, RULE);
        return y - 3 * scale * stretch;
    }

    private float row(Row row, float y) throws IOException {
        float labelSize = 7.8f * scale;
        String label = shown(row.label());
        while (font.width(label, labelSize) > LABEL_WIDTH - 6 && labelSize > 5) {
            labelSize -= 0.2f;
        }
        float size = 8.4f * scale;
        float leading = 11.4f * scale * stretch;
        List<String> lines = wrap(shown(row.value()), size, X1 - X0 - LABEL_WIDTH);
        y -= leading;
        text(X0 + 4, y, labelSize, GREY, false, label);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                y -= size * 1.3f;
            }
            text(X0 + LABEL_WIDTH, y, size, INK, false, lines.get(i));
        }
        return y - 1.5f * scale * stretch;
    }

    private float paragraph(String text, float size, float leading, float[] color, float x, float width, float y)
            throws IOException {
        for (String line : wrap(shown(text), size, width)) {
            y -= leading;
            text(x, y, size, color, false, line);
        }
        return y;
    }

    /** The foot band: how to verify (QR code and address), the issuer and its seal. */
    private void band() throws IOException {
        float y = BAND_TOP;
        y = heading(CertificatePage.VERIFY_HEADING, y);
        float qrY = y - 4 - QR_SIZE;
        drawQr(url, X0, qrY);
        float tx = X0 + QR_SIZE + 12;
        float tw = 236;
        float ty = y - 4;
        ty = paragraph("扫描二维码或访问以下地址核验  Scan the code or open:", 7.6f, 10.5f, INK, tx, tw, ty);
        ty = paragraph(url, 7.2f, 9.5f, RED, tx, tw, ty);
        ty -= 3;
        ty = paragraph("离线核验 Offline: dpr verify <本文件 this file>.pdf --trust trust-bundle.json", 7.2f, 10f, INK, tx, tw,
                ty);
        ty -= 3;
        ty = paragraph("本页依据内嵌于本文件的证书 JSON（" + CertificatePdf.EMBEDDED_NAME + "）生成，二者不一致时以 JSON 为准。"
                + "核验程序会比对本页与 JSON 的关键字段并检查本文件的签名。", 7.2f, 10f, GREY, tx, tw, ty);
        paragraph("The page is drawn from the certificate JSON embedded in this file, which prevails; verification "
                + "compares the page's key fields with it and checks this file's signature.", 6.8f, 9f, GREY, tx, tw, ty);

        // The issuer's column, with the seal stamped over it as on a paper certificate.
        float column = X1 - 146;
        float cy = y - 12;
        cy = paragraph("签发机构 Issuer", 7.6f, 10f, GREY, column, X1 - column, cy);
        cy = paragraph(page.issuerName, 9, 12f, INK, column, X1 - column, cy);
        cy -= 4;
        cy = paragraph("签发日期 Date", 7.6f, 10f, GREY, column, X1 - column, cy);
        paragraph(CHINESE_DATE.format(page.issuedAt.atOffset(ZoneOffset.ofHours(8))), 9, 12f, INK, column, X1 - column, cy);
        seal(column + 88, qrY + QR_SIZE / 2 + 4, 42);
        paragraph("印章为本文件数字签名之图示  The seal stands for this file's digital signature", 6.2f, 8f, GREY,
                column, X1 - column, qrY + 8);
    }

    private void footer() throws IOException {
        String note = "证书版式 Layout " + CertificatePage.LAYOUT + " · 第 1 页 共 1 页  Page 1 of 1"
                + (replaced ? " · 本页以“?”代替字体无法显示的字符，以内嵌 JSON 为准  '?' marks characters the font cannot show" : "");
        centered(note, 6.5f, GREY, false, 32);
    }

    // ---- drawing primitives (no-ops while measuring) ----

    private String shown(String text) {
        String s = font.shown(text);
        if (!s.equals(text)) {
            replaced = true;
        }
        return s;
    }

    private void centered(String text, float size, float[] color, boolean bold, float y) throws IOException {
        String s = shown(text);
        text((W - font.width(s, size)) / 2, y, size, color, bold, s);
    }

    private void text(float x, float y, float size, float[] color, boolean bold, String shownText) throws IOException {
        if (cs == null) {
            return;
        }
        cs.beginText();
        cs.setNonStrokingColor(color[0], color[1], color[2]);
        if (bold) {
            // One weight of the font is embedded; headings are drawn filled and stroked to look bold.
            cs.setRenderingMode(RenderingMode.FILL_STROKE);
            cs.setStrokingColor(color[0], color[1], color[2]);
            cs.setLineWidth(size * 0.04f);
        } else {
            cs.setRenderingMode(RenderingMode.FILL);
        }
        cs.newLineAtOffset(x, y);
        for (CjkFont.Run run : font.runs(shownText)) {
            cs.setFont(run.font(), size);
            cs.showText(run.text());
        }
        cs.endText();
    }

    private void rule(float from, float to, float y, float width, float[] color) throws IOException {
        if (cs == null) {
            return;
        }
        cs.setStrokingColor(color[0], color[1], color[2]);
        cs.setLineWidth(width);
        cs.moveTo(from, y);
        cs.lineTo(to, y);
        cs.stroke();
    }

    /**
     * Greedy line breaking: after a space, or between two characters where either is CJK (which breaks
     * anywhere); closing punctuation never starts a line; a word longer than the line is cut.
     */
    List<String> wrap(String text, float size, float width) {
        List<String> lines = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int start = 0;
        while (start < cps.length) {
            float used = 0;
            int end = start;
            int lastBreak = -1;
            while (end < cps.length) {
                float w = font.advance(cps[end]) * size;
                if (used + w > width && end > start && !closing(cps[end])) {
                    break;
                }
                used += w;
                end++;
                if (end < cps.length && (cps[end - 1] == ' ' || cjk(cps[end - 1]) || cjk(cps[end])) && !closing(cps[end])
                        && !opening(cps[end - 1])) {
                    lastBreak = end;
                }
            }
            if (end < cps.length && lastBreak > start) {
                end = lastBreak;
            }
            lines.add(new String(cps, start, end - start).strip());
            start = end;
            while (start < cps.length && cps[start] == ' ') {
                start++;
            }
        }
        if (lines.isEmpty()) {
            lines.add("");
        }
        return lines;
    }

    private static boolean cjk(int cp) {
        return cp >= 0x2E80 && cp <= 0x9FFF || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0xFF00 && cp <= 0xFFEF;
    }

    private static boolean opening(int cp) {
        return "（《「『“‘([".indexOf(cp) >= 0;
    }

    private static boolean closing(int cp) {
        return "，。、；：？！）》」』”’,.;:?!)]".indexOf(cp) >= 0;
    }

    /** The QR code as filled squares, so the PDF needs no image. */
    private void drawQr(String text, float x, float y) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 1, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the verification URL cannot be put in a QR code: " + e.getMessage(), e);
        }
        float module = QR_SIZE / matrix.getWidth();
        cs.setNonStrokingColor(0f, 0f, 0f);
        // Each run of dark modules in a row is one rectangle, so renderers leave no seams between modules.
        for (int row = 0; row < matrix.getHeight(); row++) {
            int col = 0;
            while (col < matrix.getWidth()) {
                if (!matrix.get(col, row)) {
                    col++;
                    continue;
                }
                int run = col;
                while (run < matrix.getWidth() && matrix.get(run, row)) {
                    run++;
                }
                cs.addRect(x + col * module, y + (matrix.getHeight() - 1 - row) * module, (run - col) * module, module);
                col = run;
            }
        }
        cs.fill();
    }

    /**
     * The issuer's seal, in red: a ring, the issuer's name along its upper arc, a star, and 电子签章 below.
     * Its letters are drawn as outlines, not text, so the seal adds nothing to the page's text.
     */
    private void seal(float cx, float cy, float r) throws IOException {
        cs.saveGraphicsState();
        cs.setStrokingColor(0.82f, 0.10f, 0.12f);
        cs.setNonStrokingColor(0.82f, 0.10f, 0.12f);
        cs.setLineWidth(2.4f);
        circle(cx, cy, r);
        cs.stroke();
        star(cx, cy + 2, 13);
        String name = font.shown(page.issuerName);
        int[] cps = name.codePoints().toArray();
        float ems = 0;
        for (int cp : cps) {
            ems += font.advance(cp);
        }
        double span = Math.toRadians(250);
        float textRadius = r - 5;
        float size = (float) Math.min(11, span * (textRadius - 9) / Math.max(1, ems * 1.08));
        double spacing = size * 0.08;
        double total = 0;
        for (int cp : cps) {
            total += font.advance(cp) * size + spacing;
        }
        double angle = Math.PI / 2 + total / 2 / (textRadius - size * 0.5);
        for (int cp : cps) {
            double adv = font.advance(cp) * size;
            double mid = angle - (adv / 2) / (textRadius - size * 0.5);
            float gx = (float) (cx + (textRadius - size * 0.78) * Math.cos(mid));
            float gy = (float) (cy + (textRadius - size * 0.78) * Math.sin(mid));
            glyph(cp, gx, gy, mid - Math.PI / 2, size, true);
            angle -= (adv + spacing) / (textRadius - size * 0.5);
        }
        float labelSize = 9;
        String label = "电子签章";
        float labelWidth = 0;
        for (int cp : label.codePoints().toArray()) {
            labelWidth += font.advance(cp) * labelSize;
        }
        float lx = cx - labelWidth / 2;
        for (int cp : label.codePoints().toArray()) {
            glyph(cp, lx, cy - 25, 0, labelSize, false);
            lx += font.advance(cp) * labelSize;
        }
        cs.restoreGraphicsState();
    }

    /** One glyph outline at (x, y), rotated by {@code rotation}; centred on x when {@code centred}. */
    private void glyph(int cp, float x, float y, double rotation, float size, boolean centred) throws IOException {
        GeneralPath path = font.outline(cp);
        if (path == null) {
            return;
        }
        float s = size / font.unitsPerEm();
        cs.saveGraphicsState();
        Matrix m = Matrix.getTranslateInstance(x, y);
        m.concatenate(Matrix.getRotateInstance(rotation, 0, 0));
        m.concatenate(Matrix.getScaleInstance(s, s));
        if (centred) {
            m.concatenate(Matrix.getTranslateInstance(-font.advance(cp) * font.unitsPerEm() / 2, 0));
        }
        cs.transform(m);
        float[] c = new float[6];
        float lastX = 0;
        float lastY = 0;
        for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> {
                    cs.moveTo(c[0], c[1]);
                    lastX = c[0];
                    lastY = c[1];
                }
                case PathIterator.SEG_LINETO -> {
                    cs.lineTo(c[0], c[1]);
                    lastX = c[0];
                    lastY = c[1];
                }
                case PathIterator.SEG_QUADTO -> {
                    // A quadratic Bézier as the cubic with control points two thirds of the way to its one.
                    cs.curveTo(lastX + 2f / 3 * (c[0] - lastX), lastY + 2f / 3 * (c[1] - lastY),
                            c[2] + 2f / 3 * (c[0] - c[2]), c[3] + 2f / 3 * (c[1] - c[3]), c[2], c[3]);
                    lastX = c[2];
                    lastY = c[3];
                }
                case PathIterator.SEG_CUBICTO -> {
                    cs.curveTo(c[0], c[1], c[2], c[3], c[4], c[5]);
                    lastX = c[4];
                    lastY = c[5];
                }
                default -> cs.closePath();
            }
        }
        cs.fill();
        cs.restoreGraphicsState();
    }

    private void circle(float cx, float cy, float r) throws IOException {
        float k = 0.5523f * r;
        cs.moveTo(cx + r, cy);
        cs.curveTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
        cs.curveTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
        cs.curveTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
        cs.curveTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
        cs.closePath();
    }

    private void star(float cx, float cy, float r) throws IOException {
        for (int i = 0; i < 10; i++) {
            double a = Math.PI / 2 + i * Math.PI / 5;
            float rr = i % 2 == 0 ? r : r * 0.382f;
            float px = (float) (cx + rr * Math.cos(a));
            float py = (float) (cy + rr * Math.sin(a));
            if (i == 0) {
                cs.moveTo(px, py);
            } else {
                cs.lineTo(px, py);
            }
        }
        cs.closePath();
        cs.fill();
    }
}
