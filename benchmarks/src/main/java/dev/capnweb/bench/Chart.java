package dev.capnweb.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws the report's chart: Java ÷ Node per workload, raw and per server CPU-second. */
final class Chart {
    private Chart() {
    }

    static void write(Path file, List<Report.Bar> bars) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int hgt = 460;
        int left = 70;
        int bottom = 110;
        int top = 50;
        BufferedImage img = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, hgt);
        double max = 2.5;
        for (Report.Bar b : bars) {
            max = Math.max(max, Math.max(b.rawRatio(), b.cpuRatio()) * 1.1);
        }
        int plotH = hgt - top - bottom;
        int plotW = w - left - 20;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("capnweb-java ÷ capnweb (Node), same machine, same run", left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double y = 0; y <= max; y += max > 6 ? 1 : 0.5) {
            int py = top + plotH - (int) (y / max * plotH);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, py, left + plotW, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f×", y), 20, py + 4);
        }
        for (double mark : new double[] {1, 2}) {
            int py = top + plotH - (int) (mark / max * plotH);
            g.setColor(mark == 1 ? Color.GRAY : new Color(200, 60, 60));
            g.setStroke(new BasicStroke(mark == 1 ? 1.5f : 1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    mark == 1 ? null : new float[] {6, 4}, 0));
            g.drawLine(left, py, left + plotW, py);
        }
        g.setStroke(new BasicStroke(1));
        int group = plotW / Math.max(1, bars.size());
        int barW = Math.min(60, group / 3);
        for (int i = 0; i < bars.size(); i++) {
            Report.Bar b = bars.get(i);
            int x = left + i * group + group / 2 - barW;
            drawBar(g, x, barW, b.rawRatio(), max, top, plotH, new Color(70, 110, 190));
            drawBar(g, x + barW, barW, b.cpuRatio(), max, top, plotH, new Color(240, 150, 40));
            g.setColor(Color.BLACK);
            String label = b.label();
            int lx = left + i * group + 4;
            int ly = top + plotH + 18;
            for (String line : wrap(label, g.getFontMetrics(), group - 8)) {
                g.drawString(line, lx, ly);
                ly += 15;
            }
        }
        int ly = hgt - 22;
        g.setColor(new Color(70, 110, 190));
        g.fillRect(left, ly - 10, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("throughput", left + 16, ly);
        g.setColor(new Color(240, 150, 40));
        g.fillRect(left + 110, ly - 10, 12, 12);
        g.setColor(Color.BLACK);
        g.drawString("per server CPU-second", left + 126, ly);
        g.setColor(new Color(200, 60, 60));
        g.drawString("dashed: the 2× target", left + 300, ly);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /** @return the label in lines no wider than {@code width}, broken between words */
    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : text.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && metrics.stringWidth(longer) > width) {
                lines.add(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    private static void drawBar(Graphics2D g, int x, int width, double value, double max, int top, int plotH, Color color) {
        int h = (int) (Math.max(0, value) / max * plotH);
        g.setColor(color);
        g.fillRect(x, top + plotH - h, width - 4, h);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.2f", value), x, top + plotH - h - 4);
    }
}
