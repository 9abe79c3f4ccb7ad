package io.github.otpkit.totp.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Draws the subset of SVG that QR code generators write into grey levels, without {@code
 * java.desktop}: {@code <rect>} and straight-line {@code <path>} elements, filled or stroked
 * horizontally and vertically, in solid colours, inside {@code <g>} groups with axis-aligned
 * transforms. See {@link QrScanner} for what is refused.
 *
 * <p>Pixels are sampled at their centres: a pixel takes the colour of the last shape that covers
 * its centre, white if none does.
 */
final class SvgRasterizer {
  static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

  /** The longer side of the drawing is scaled to about this many pixels. */
  private static final int TARGET_SIDE = 800;

  private static final int MAX_SIDE = 4096;

  private static final Set<String> IGNORED = Set.of("title", "desc", "metadata");

  private static final Map<String, Integer> NAMED_COLOURS =
      Map.ofEntries(
          Map.entry("black", 0x000000),
          Map.entry("silver", 0xC0C0C0),
          Map.entry("gray", 0x808080),
          Map.entry("grey", 0x808080),
          Map.entry("white", 0xFFFFFF),
          Map.entry("maroon", 0x800000),
          Map.entry("red", 0xFF0000),
          Map.entry("purple", 0x800080),
          Map.entry("fuchsia", 0xFF00FF),
          Map.entry("green", 0x008000),
          Map.entry("lime", 0x00FF00),
          Map.entry("olive", 0x808000),
          Map.entry("yellow", 0xFFFF00),
          Map.entry("navy", 0x000080),
          Map.entry("blue", 0x0000FF),
          Map.entry("teal", 0x008080),
          Map.entry("aqua", 0x00FFFF));

  /** No paint: {@code none} or {@code transparent}. */
  static final int NONE = -1;

  private final int width;
  private final int height;
  private final byte[] pixels;

  private SvgRasterizer(int width, int height) {
    this.width = width;
    this.height = height;
    this.pixels = new byte[width * height];
    Arrays.fill(pixels, (byte) 0xFF);
  }

  /**
   * Draws an SVG document.
   *
   * @param svg the document's bytes
   * @return the grey levels
   * @throws QrScanException if the document is not well-formed SVG or uses what is not drawn
   */
  static QrScanner.Luminance rasterize(byte[] svg) {
    Element root = parse(svg).getDocumentElement();
    if (!isSvg(root) || !"svg".equals(root.getLocalName())) {
      throw new QrScanException("an XML document that is not SVG");
    }
    double[] viewBox = viewBox(root);
    double side = Math.max(viewBox[2], viewBox[3]);
    double scale = Math.max(1, Math.ceil(TARGET_SIDE / side));
    scale = Math.min(scale, MAX_SIDE / side);
    int w = (int) Math.ceil(viewBox[2] * scale);
    int h = (int) Math.ceil(viewBox[3] * scale);
    // At most MAX_SIDE x MAX_SIDE pixels: far below QrScanner.MAX_PIXELS.
    SvgRasterizer canvas = new SvgRasterizer(w, h);
    Style style =
        new Style(
            0x000000,
            NONE,
            1,
            false,
            false,
            new Transform(scale, -viewBox[0] * scale, scale, -viewBox[1] * scale));
    canvas.drawChildren(root, style.with(root));
    return new QrScanner.Luminance(w, h, canvas.pixels);
  }

  private static org.w3c.dom.Document parse(byte[] svg) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(SilentErrors.INSTANCE);
      return builder.parse(new InputSource(new ByteArrayInputStream(svg)));
    } catch (SAXParseException e) {
      throw new QrScanException(
          String.format(
              Locale.ROOT,
              "the SVG document is not well-formed XML (line %d, column %d)",
              e.getLineNumber(),
              e.getColumnNumber()),
          e);
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new QrScanException("the SVG document cannot be parsed", e);
    }
  }

  /** Keeps the parser from printing to standard error; errors end the parse. */
  private enum SilentErrors implements ErrorHandler {
    INSTANCE;

    @Override
    public void warning(SAXParseException exception) {
      // Warnings do not change the document.
    }

    @Override
    public void error(SAXParseException exception) throws SAXException {
      throw exception;
    }

    @Override
    public void fatalError(SAXParseException exception) throws SAXException {
      throw exception;
    }
  }

  private static boolean isSvg(Node node) {
    String namespace = node.getNamespaceURI();
    return namespace == null || namespace.equals(SVG_NAMESPACE);
  }

  /** The user-space rectangle to draw: {@code viewBox}, else {@code width} and {@code height}. */
  private static double[] viewBox(Element root) {
    String viewBox = root.getAttribute("viewBox").strip();
    if (!viewBox.isEmpty()) {
      String[] parts = viewBox.split("[\\s,]+", -1);
      if (parts.length != 4) {
        throw new QrScanException("the SVG viewBox must have 4 numbers");
      }
      double[] box = new double[4];
      for (int i = 0; i < 4; i++) {
        box[i] = number(parts[i], "viewBox");
      }
      if (!(box[2] > 0 && box[3] > 0)) {
        throw new QrScanException("the SVG viewBox must have a positive width and height");
      }
      return box;
    }
    String w = root.getAttribute("width");
    String h = root.getAttribute("height");
    if (w.isEmpty() || h.isEmpty()) {
      throw new QrScanException("the SVG document has neither a viewBox nor a width and height");
    }
    double width = length(w, "width");
    double height = length(h, "height");
    if (!(width > 0 && height > 0)) {
      throw new QrScanException("the SVG width and height must be positive");
    }
    return new double[] {0, 0, width, height};
  }

  private void drawChildren(Element parent, Style style) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && isSvg(element)) {
        draw(element, style);
      }
    }
  }

  private void draw(Element element, Style parentStyle) {
    String name = element.getLocalName();
    if (IGNORED.contains(name)) {
      return;
    }
    Style style = parentStyle.with(element);
    if (style.hidden) {
      return;
    }
    switch (name) {
      case "g" -> drawChildren(element, style);
      case "rect" -> drawRect(element, style);
      case "path" -> drawPath(element, style);
      default ->
          throw new QrScanException(
              "the SVG element <"
                  + safeName(name)
                  + "> is not supported: this reader draws <rect> and <path> elements with"
                  + " straight lines, in <g> groups");
    }
  }

  private void drawRect(Element rect, Style style) {
    double x = attributeLength(rect, "x");
    double y = attributeLength(rect, "y");
    double w = attributeLength(rect, "width");
    double h = attributeLength(rect, "height");
    if (!(w > 0 && h > 0)) {
      return;
    }
    List<double[]> corners =
        List.of(
            new double[] {x, y},
            new double[] {x + w, y},
            new double[] {x + w, y + h},
            new double[] {x, y + h});
    Subpath outline = new Subpath(true);
    for (double[] corner : corners) {
      outline.points.add(style.transform.apply(corner[0], corner[1]));
    }
    paint(List.of(outline), style);
  }

  private void drawPath(Element path, Style style) {
    List<Subpath> subpaths = PathData.parse(path.getAttribute("d"), style.transform);
    paint(subpaths, style);
  }

  private void paint(List<Subpath> subpaths, Style style) {
    if (style.fill != NONE) {
      fill(subpaths, style.evenOdd, (byte) style.fill);
    }
    if (style.stroke != NONE && style.strokeWidth > 0) {
      stroke(subpaths, style);
    }
  }

  /** Fills the area inside the sub-paths (each closed), sampled at pixel centres. */
  private void fill(List<Subpath> subpaths, boolean evenOdd, byte grey) {
    List<List<double[]>> crossings = new ArrayList<>();
    for (int row = 0; row < height; row++) {
      crossings.add(new ArrayList<>(0));
    }
    for (Subpath subpath : subpaths) {
      List<double[]> points = subpath.points;
      for (int i = 0; i < points.size(); i++) {
        double[] a = points.get(i);
        double[] b = points.get((i + 1) % points.size());
        if (a[1] == b[1]) {
          continue;
        }
        double direction = b[1] > a[1] ? 1 : -1;
        double top = Math.min(a[1], b[1]);
        double bottom = Math.max(a[1], b[1]);
        // Rows whose centre y + 0.5 lies in [top, bottom): each crossing counted once.
        int first = Math.max(0, (int) Math.ceil(top - 0.5));
        int last = Math.min(height - 1, (int) Math.ceil(bottom - 0.5) - 1);
        for (int row = first; row <= last; row++) {
          double y = row + 0.5;
          double x = a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
          crossings.get(row).add(new double[] {x, direction});
        }
      }
    }
    for (int row = 0; row < height; row++) {
      List<double[]> list = crossings.get(row);
      if (list.size() < 2) {
        continue;
      }
      list.sort((p, q) -> Double.compare(p[0], q[0]));
      int winding = 0;
      for (int k = 0; k + 1 < list.size(); k++) {
        winding += (int) list.get(k)[1];
        boolean inside = evenOdd ? (k + 1) % 2 == 1 : winding != 0;
        if (inside) {
          fillSpan(row, list.get(k)[0], list.get(k + 1)[0], grey);
        }
      }
    }
  }

  /** Strokes the sub-paths' segments; only horizontal and vertical ones can be drawn. */
  private void stroke(List<Subpath> subpaths, Style style) {
    byte grey = (byte) style.stroke;
    double halfX = style.strokeWidth * Math.abs(style.transform.a) / 2;
    double halfY = style.strokeWidth * Math.abs(style.transform.d) / 2;
    for (Subpath subpath : subpaths) {
      List<double[]> points = subpath.points;
      int segments = subpath.closed ? points.size() : points.size() - 1;
      for (int i = 0; i < segments; i++) {
        double[] a = points.get(i);
        double[] b = points.get((i + 1) % points.size());
        if (a[0] == b[0] && a[1] == b[1]) {
          continue; // butt caps: a segment without length draws nothing
        }
        if (a[1] == b[1]) {
          double capX = style.squareCaps ? halfX : 0;
          fillBox(
              Math.min(a[0], b[0]) - capX,
              a[1] - halfY,
              Math.max(a[0], b[0]) + capX,
              a[1] + halfY,
              grey);
        } else if (a[0] == b[0]) {
          double capY = style.squareCaps ? halfY : 0;
          fillBox(
              a[0] - halfX,
              Math.min(a[1], b[1]) - capY,
              a[0] + halfX,
              Math.max(a[1], b[1]) + capY,
              grey);
        } else {
          throw new QrScanException(
              "the SVG document strokes a diagonal line, which is not supported");
        }
      }
    }
  }

  private void fillBox(double left, double top, double right, double bottom, byte grey) {
    int first = Math.max(0, (int) Math.ceil(top - 0.5));
    int last = Math.min(height - 1, (int) Math.ceil(bottom - 0.5) - 1);
    for (int row = first; row <= last; row++) {
      fillSpan(row, left, right, grey);
    }
  }

  /** Sets the pixels of a row whose centres x + 0.5 lie in [left, right). */
  private void fillSpan(int row, double left, double right, byte grey) {
    int from = Math.max(0, (int) Math.ceil(left - 0.5));
    int to = Math.min(width, (int) Math.ceil(right - 0.5));
    if (from < to) {
      Arrays.fill(pixels, row * width + from, row * width + to, grey);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Attributes

  private static double attributeLength(Element element, String name) {
    String value = element.getAttribute(name);
    return value.isEmpty() ? 0 : length(value, name);
  }

  /** A length in user units: a number, optionally with {@code px}. */
  static double length(String text, String what) {
    String value = text.strip();
    if (value.endsWith("px")) {
      value = value.substring(0, value.length() - 2).strip();
    }
    if (!value.isEmpty()
        && !Character.isDigit(value.charAt(value.length() - 1))
        && value.charAt(value.length() - 1) != '.') {
      throw new QrScanException(
          "the SVG attribute " + what + " has a unit other than px, which is not supported");
    }
    return number(value, what);
  }

  static double number(String text, String what) {
    String value = text.strip();
    if (!value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new QrScanException("the SVG attribute " + what + " is not a number");
    }
    double number = Double.parseDouble(value);
    if (!Double.isFinite(number)) {
      throw new QrScanException("the SVG attribute " + what + " is out of range");
    }
    return number;
  }

  /**
   * Parses a colour into a grey level 0 to 255, or {@link #NONE}.
   *
   * @param text {@code none}, {@code transparent}, {@code #rgb}, {@code #rrggbb}, {@code rgb(r, g,
   *     b)} or one of the 16 basic colour names
   */
  static int grey(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("none") || value.equals("transparent")) {
      return NONE;
    }
    int rgb;
    if (value.matches("#[0-9a-f]{3}")) {
      int r = Character.digit(value.charAt(1), 16);
      int g = Character.digit(value.charAt(2), 16);
      int b = Character.digit(value.charAt(3), 16);
      rgb = (r * 17) << 16 | (g * 17) << 8 | b * 17;
    } else if (value.matches("#[0-9a-f]{6}")) {
      rgb = Integer.parseInt(value.substring(1), 16);
    } else if (value.matches("rgb\\(\\s*\\d{1,3}\\s*,\\s*\\d{1,3}\\s*,\\s*\\d{1,3}\\s*\\)")) {
      String[] parts = value.substring(4, value.length() - 1).split(",", -1);
      int[] channels = new int[3];
      for (int i = 0; i < 3; i++) {
        channels[i] = Math.min(255, Integer.parseInt(parts[i].strip()));
      }
      rgb = channels[0] << 16 | channels[1] << 8 | channels[2];
    } else if (NAMED_COLOURS.containsKey(value)) {
      rgb = NAMED_COLOURS.get(value);
    } else {
      throw new QrScanException(
          "the SVG colour "
              + (value.length() <= 20 && value.matches("[a-z]+") ? "'" + value + "' " : "")
              + "is not supported: use #rgb, #rrggbb, rgb(r, g, b), a basic colour name or none");
    }
    return (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
  }

  private static String safeName(String name) {
    return name.length() <= 32 && name.matches("[A-Za-z][A-Za-z0-9_-]*") ? name : "?";
  }

  // ---------------------------------------------------------------------------------------------
  // Styles and transforms

  /** An axis-aligned affine transform: {@code x' = a x + e}, {@code y' = d y + f}. */
  record Transform(double a, double e, double d, double f) {
    double[] apply(double x, double y) {
      return new double[] {a * x + e, d * y + f};
    }

    /** This transform after {@code inner}: first {@code inner}, then this one. */
    Transform then(Transform inner) {
      return new Transform(a * inner.a, a * inner.e + e, d * inner.d, d * inner.f + f);
    }

    /** Parses a {@code transform} attribute: translate, scale and matrix without rotation. */
    static Transform parse(String text) {
      Transform result = new Transform(1, 0, 1, 0);
      String rest = text.strip();
      while (!rest.isEmpty()) {
        int open = rest.indexOf('(');
        int close = rest.indexOf(')');
        if (open <= 0 || close < open) {
          throw new QrScanException("the SVG transform attribute is malformed");
        }
        String function = rest.substring(0, open).strip();
        String[] args = rest.substring(open + 1, close).strip().split("[\\s,]+", -1);
        double[] values = new double[args.length];
        for (int i = 0; i < args.length; i++) {
          values[i] = number(args[i], "transform");
        }
        Transform step =
            switch (function) {
              case "translate" -> {
                requireArguments(function, values, 1, 2);
                yield new Transform(1, values[0], 1, values.length > 1 ? values[1] : 0);
              }
              case "scale" -> {
                requireArguments(function, values, 1, 2);
                yield new Transform(values[0], 0, values.length > 1 ? values[1] : values[0], 0);
              }
              case "matrix" -> {
                requireArguments(function, values, 6, 6);
                if (values[1] != 0 || values[2] != 0) {
                  throw new QrScanException(
                      "the SVG transform matrix(...) rotates or skews, which is not supported");
                }
                yield new Transform(values[0], values[4], values[3], values[5]);
              }
              default ->
                  throw new QrScanException(
                      "the SVG transform "
                          + safeName(function)
                          + "(...) is not supported: only translate, scale and matrix without"
                          + " rotation");
            };
        result = result.then(step);
        rest = rest.substring(close + 1).strip();
        if (rest.startsWith(",")) {
          rest = rest.substring(1).strip();
        }
      }
      return result;
    }

    private static void requireArguments(String function, double[] values, int min, int max) {
      if (values.length < min || values.length > max) {
        throw new QrScanException(
            "the SVG transform " + function + "(...) has the wrong number of arguments");
      }
    }
  }

  /** The presentation attributes that are inherited down the tree, and the current transform. */
  record Style(
      int fill,
      int stroke,
      double strokeWidth,
      boolean evenOdd,
      boolean squareCaps,
      Transform transform,
      boolean hidden) {
    Style(
        int fill,
        int stroke,
        double strokeWidth,
        boolean evenOdd,
        boolean squareCaps,
        Transform transform) {
      this(fill, stroke, strokeWidth, evenOdd, squareCaps, transform, false);
    }

    /** The style of an element: its attributes, then its {@code style} declarations. */
    Style with(Element element) {
      Map<String, String> properties = new java.util.LinkedHashMap<>();
      for (String name :
          List.of(
              "fill",
              "stroke",
              "stroke-width",
              "fill-rule",
              "stroke-linecap",
              "opacity",
              "fill-opacity",
              "stroke-opacity",
              "display",
              "visibility")) {
        if (element.hasAttribute(name)) {
          properties.put(name, element.getAttribute(name));
        }
      }
      for (String declaration : element.getAttribute("style").split(";", -1)) {
        int colon = declaration.indexOf(':');
        if (colon > 0) {
          properties.put(
              declaration.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              declaration.substring(colon + 1).strip());
        }
      }
      int newFill = fill;
      int newStroke = stroke;
      double newStrokeWidth = strokeWidth;
      boolean newEvenOdd = evenOdd;
      boolean newSquareCaps = squareCaps;
      boolean newHidden = hidden;
      for (Map.Entry<String, String> property : properties.entrySet()) {
        String value = property.getValue().strip();
        switch (property.getKey()) {
          case "fill" -> newFill = grey(value);
          case "stroke" -> newStroke = grey(value);
          case "stroke-width" -> newStrokeWidth = length(value, "stroke-width");
          case "fill-rule" -> newEvenOdd = value.equals("evenodd");
          case "stroke-linecap" -> {
            if (value.equals("round")) {
              throw new QrScanException("the SVG stroke-linecap round is not supported");
            }
            newSquareCaps = value.equals("square");
          }
          case "opacity", "fill-opacity", "stroke-opacity" -> {
            if (number(value, property.getKey()) != 1) {
              throw new QrScanException(
                  "the SVG " + property.getKey() + " below 1 is not supported");
            }
          }
          case "display" -> newHidden |= value.equals("none");
          case "visibility" -> newHidden |= value.equals("hidden") || value.equals("collapse");
          default -> {
            // Other properties (shape-rendering, font-size, ...) do not change the shapes drawn.
          }
        }
      }
      Transform newTransform = transform;
      if (element.hasAttribute("transform")) {
        newTransform = transform.then(Transform.parse(element.getAttribute("transform")));
      }
      return new Style(
          newFill, newStroke, newStrokeWidth, newEvenOdd, newSquareCaps, newTransform, newHidden);
    }
  }

  /** A sub-path: its points in pixel coordinates, and whether it was closed with Z. */
  static final class Subpath {
    final List<double[]> points = new ArrayList<>();
    final boolean closed;

    Subpath(boolean closed) {
      this.closed = closed;
    }
  }

  /** Path data with straight lines only: M, L, H, V and Z, absolute and relative. */
  static final class PathData {
    private final String d;
    private int pos;

    private PathData(String d) {
      this.d = d;
    }

    static List<Subpath> parse(String d, Transform transform) {
      return new PathData(d).subpaths(transform);
    }

    private List<Subpath> subpaths(Transform transform) {
      List<Subpath> done = new ArrayList<>();
      List<double[]> current = new ArrayList<>();
      double x = 0;
      double y = 0;
      double startX = 0;
      double startY = 0;
      char command = 0;
      while (true) {
        skipSeparators();
        if (pos >= d.length()) {
          break;
        }
        char c = d.charAt(pos);
        if (Character.isLetter(c)) {
          pos++;
          command = c;
          if (c == 'Z' || c == 'z') {
            if (!current.isEmpty()) {
              done.add(subpath(current, true, transform));
              current = new ArrayList<>();
            }
            x = startX;
            y = startY;
            continue;
          }
          if ("MmLlHhVv".indexOf(c) < 0) {
            throw new QrScanException(
                "the SVG path command "
                    + c
                    + " is not supported: only straight lines (M, L, H, V, Z)");
          }
        } else if (command == 0 || command == 'Z' || command == 'z') {
          throw new QrScanException("the SVG path data is malformed at position " + (pos + 1));
        }
        boolean relative = Character.isLowerCase(command);
        switch (Character.toUpperCase(command)) {
          case 'M' -> {
            double nx = number() + (relative ? x : 0);
            double ny = number() + (relative ? y : 0);
            if (current.size() > 1) {
              done.add(subpath(current, false, transform));
            }
            current = new ArrayList<>();
            current.add(new double[] {nx, ny});
            x = nx;
            y = ny;
            startX = nx;
            startY = ny;
            // Further pairs after a moveto are linetos.
            command = relative ? 'l' : 'L';
          }
          case 'L' -> {
            x = number() + (relative ? x : 0);
            y = number() + (relative ? y : 0);
            lineTo(current, x, y, startX, startY);
          }
          case 'H' -> {
            x = number() + (relative ? x : 0);
            lineTo(current, x, y, startX, startY);
          }
          case 'V' -> {
            y = number() + (relative ? y : 0);
            lineTo(current, x, y, startX, startY);
          }
          default -> throw new AssertionError(command);
        }
      }
      if (current.size() > 1) {
        done.add(subpath(current, false, transform));
      }
      return done;
    }

    private static void lineTo(
        List<double[]> current, double x, double y, double startX, double startY) {
      if (current.isEmpty()) {
        // A line after Z starts at the closed sub-path's first point.
        current.add(new double[] {startX, startY});
      }
      current.add(new double[] {x, y});
    }

    private static Subpath subpath(List<double[]> points, boolean closed, Transform transform) {
      Subpath subpath = new Subpath(closed);
      for (double[] p : points) {
        subpath.points.add(transform.apply(p[0], p[1]));
      }
      return subpath;
    }

    private void skipSeparators() {
      while (pos < d.length() && (Character.isWhitespace(d.charAt(pos)) || d.charAt(pos) == ',')) {
        pos++;
      }
    }

    private double number() {
      skipSeparators();
      int start = pos;
      if (pos < d.length() && (d.charAt(pos) == '+' || d.charAt(pos) == '-')) {
        pos++;
      }
      boolean digits = false;
      while (pos < d.length() && Character.isDigit(d.charAt(pos))) {
        pos++;
        digits = true;
      }
      if (pos < d.length() && d.charAt(pos) == '.') {
        pos++;
        while (pos < d.length() && Character.isDigit(d.charAt(pos))) {
          pos++;
          digits = true;
        }
      }
      if (digits && pos < d.length() && (d.charAt(pos) == 'e' || d.charAt(pos) == 'E')) {
        int mark = pos;
        pos++;
        if (pos < d.length() && (d.charAt(pos) == '+' || d.charAt(pos) == '-')) {
          pos++;
        }
        int exponentStart = pos;
        while (pos < d.length() && Character.isDigit(d.charAt(pos))) {
          pos++;
        }
        if (pos == exponentStart) {
          pos = mark;
        }
      }
      if (!digits) {
        throw new QrScanException(
            "the SVG path data is malformed at position " + (start + 1) + ": a number expected");
      }
      double value = Double.parseDouble(d.substring(start, pos));
      if (!Double.isFinite(value)) {
        throw new QrScanException("the SVG path data has a number out of range");
      }
      return value;
    }
  }
}
