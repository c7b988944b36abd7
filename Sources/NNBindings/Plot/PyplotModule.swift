import Foundation
import NNLang
import NNPlot
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `matplotlib.pyplot`: a state machine of figures over NNPlot, as pyplot is one over matplotlib's
/// objects. `show()` draws the figures in the terminal; figures a script or a notebook cell leaves
/// unshown are drawn when it ends, as notebooks' inline backend does.
final class PlotState {
    var figures: [Figure] = []
    var current: Figure?
    var made = 0

    func currentFigure() -> Figure {
        if let current { return current }
        return newFigure()
    }

    func newFigure(width: Double = 6.4, height: Double = 4.8, dpi: Double = 100) -> Figure {
        made += 1
        let figure = Figure(number: made, width: width, height: height, dpi: dpi)
        figures.append(figure)
        current = figure
        return figure
    }

    func close(_ figure: Figure) {
        figures.removeAll { $0 === figure }
        if current === figure { current = figures.last }
    }

    /// Draws every figure with axes in the terminal, then closes them all.
    func show(_ interp: Interpreter) {
        let terminal = interp.output is StandardOutput && isatty(1) != 0
        var size = winsize()
        let known = terminal && ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
        let environment = ProcessInfo.processInfo.environment
        let columns = known ? Int(size.ws_col) : Int(environment["COLUMNS"] ?? "") ?? 80
        let rows = known && size.ws_row > 4 ? Int(size.ws_row) - 2 : 60
        let color = terminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        for figure in figures where !figure.axes.isEmpty {
            interp.write(TerminalRenderer.render(figure, columns: min(columns, 200), maxRows: rows, color: color))
        }
        figures = []
        current = nil
    }
}

/// A plotted object as scripts see it: `[<matplotlib.lines.Line2D object at 0x…>]`.
final class PyArtist: PyObject {
    static let lineType = PyType("Line2D", base: .object)
    static let collectionType = PyType("PathCollection", base: .object)
    static let legendType = PyType("Legend", base: .object)
    let kind: PyType
    let path: String
    let series: Series?

    init(_ kind: PyType, path: String, series: Series? = nil) {
        self.kind = kind
        self.path = path
        self.series = series
    }

    override var type: PyType { kind }
    override func repr(_ interp: Interpreter) throws -> String { "<\(path) object at \(address)>" }
    override var attributeNames: [String] { series == nil ? [] : ["get_label", "get_xdata", "get_ydata"] }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard let series else { return nil }
        switch name {
        case "get_label": return .object(PyBuiltinFunction("get_label") { _, _ in .string(series.label ?? "_child0") })
        case "get_xdata": return .object(PyBuiltinFunction("get_xdata") { _, _ in .list(PyList(series.x.map { .float($0) })) })
        case "get_ydata": return .object(PyBuiltinFunction("get_ydata") { _, _ in .list(PyList(series.y.map { .float($0) })) })
        default: return nil
        }
    }
}

/// `Text(0.5, 0, 'Epoch Number')`: what xlabel, ylabel and title return.
final class PyText: PyObject {
    static let textType = PyType("Text", base: .object)
    let x: String, y: String, text: String

    init(x: String, y: String, text: String) {
        self.x = x
        self.y = y
        self.text = text
    }

    override var type: PyType { PyText.textType }
    override func repr(_ interp: Interpreter) throws -> String { "Text(\(x), \(y), \(try interp.repr(.string(text))))" }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "get_text" ? .object(PyBuiltinFunction("get_text") { [text] _, _ in .string(text) }) : nil
    }
}

/// A figure: `<Figure size 640x480 with 1 Axes>`.
final class PyFigure: PyObject {
    static let figureType = PyType("Figure", base: .object)
    let figure: Figure

    init(_ figure: Figure) { self.figure = figure }

    override var type: PyType { PyFigure.figureType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<Figure size \(Int(figure.width * figure.dpi))x\(Int(figure.height * figure.dpi)) with \(figure.axes.count) Axes>"
    }
    override var attributeNames: [String] { ["number"] }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "number" ? .int(figure.number) : nil
    }
}

/// An axes: `<Axes: xlabel='Epoch Number', ylabel='Loss Magnitude'>`.
final class PyAxes: PyObject {
    static let axesType = PyType("Axes", base: .object)
    let axes: Axes

    init(_ axes: Axes) { self.axes = axes }

    override var type: PyType { PyAxes.axesType }
    override func repr(_ interp: Interpreter) throws -> String {
        var parts: [String] = []
        if let t = axes.title { parts.append("title={'center': \(try interp.repr(.string(t)))}") }
        if let x = axes.xlabel { parts.append("xlabel=\(try interp.repr(.string(x)))") }
        if let y = axes.ylabel { parts.append("ylabel=\(try interp.repr(.string(y)))") }
        return "<Axes: \(parts.joined(separator: ", "))>"
    }
}

enum PyplotModule {
    static func register(_ registry: ModuleRegistry) {
        registry.register("matplotlib.pyplot", make)
        // `pyplot` joins it when imported, as in Python.
        registry.register("matplotlib") { _ in
            var m = ModuleBuilder("matplotlib")
            m.members["__version__"] = .string("3.10.0")
            m.function("use", "use(backend)  Accepted for scripts that choose a backend; nn draws in the terminal and saves files.") { _, _ in .none }
            return m.build()
        }
    }

    /// Numbers from a list, tuple, range, array or Series, as columns: one for 1-d data, one per
    /// column of 2-d data (as matplotlib plots each column of a 2-d y).
    static func columns(_ v: Value, _ interp: Interpreter, _ what: String) throws -> [[Double]] {
        var value = v
        if case .object(let o) = v, !(o is PyArray || o is PySeries || o is PyDataFrame) {
            value = .list(PyList(try interp.collect(v)))
        }
        let array = try NumpyConvert.array(value)
        switch array.ndim {
        case 0: return [[array.elements[0]]]
        case 1: return [array.elements]
        case 2:
            let (rows, cols) = (array.shape[0], array.shape[1])
            let e = array.elements
            return (0..<cols).map { c in (0..<rows).map { e[$0 * cols + c] } }
        default:
            throw ScriptError(.valueError, "\(what) can not have more than 2 dimensions")
        }
    }

    /// A format string such as `'ro--'`: colour, marker and line style, any order.
    static func format(_ fmt: String) throws -> (color: RGB?, marker: Marker?, style: LineStyle?) {
        var color: RGB?, marker: Marker?, style: LineStyle?
        var rest = Substring(fmt)
        while let c = rest.first {
            if rest.hasPrefix("--") || rest.hasPrefix("-.") {
                style = rest.hasPrefix("--") ? .dashed : .dashDot
                rest = rest.dropFirst(2)
                continue
            }
            if c == "-" { style = .solid } else if c == ":" { style = .dotted } else if let m = Marker(rawValue: c) {
                marker = m
            } else if let rgb = RGB.named[String(c)] {
                color = rgb
            } else {
                throw ScriptError(.valueError, "'\(fmt)' is not a valid format string (unrecognized character '\(c)')")
            }
            rest = rest.dropFirst()
        }
        // A marker without a line style draws markers only, as in matplotlib.
        if marker != nil && style == nil { style = LineStyle.none }
        return (color, marker, style)
    }

    static func color(_ v: Value?) throws -> RGB? {
        guard let v, !v.isNone else { return nil }
        guard case .str(let s) = v, let rgb = RGB.parse(s.value) else {
            throw ScriptError(.valueError, "nn takes colours as names ('red', 'C1', 'tab:orange') or '#rrggbb'")
        }
        return rgb
    }

    static func string(_ v: Value, _ interp: Interpreter) throws -> String {
        if case .str(let s) = v { return s.value }
        return try interp.str(v)
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        let state = PlotState()
        interp.finishHooks.append { interp in state.show(interp) }
        var m = ModuleBuilder("matplotlib.pyplot")
        func axes() -> Axes { state.currentFigure().currentAxes() }
        func number(_ v: Value?) throws -> Double? { try v.flatMap { $0.isNone ? nil : try Conversions.double($0) } }

        m.function("figure", """
            figure(num=None, figsize=None, dpi=None)  Starts a new figure, which later plotting draws on.
            figsize: (width, height) in inches; (6.4, 4.8) by default.
            dpi: pixels per inch in saved PNG files; 100 by default.
            """) { args, interp in
            let b = try args.bind("figure", ["num", "figsize", "dpi", "facecolor", "edgecolor", "frameon", "clear"])
            var width = 6.4, height = 4.8
            if let size = b[1], !size.isNone {
                let items = try interp.collect(size)
                guard items.count == 2 else { throw ScriptError(.valueError, "figsize must be (width, height) in inches") }
                width = try Conversions.double(items[0])
                height = try Conversions.double(items[1])
                guard width >= 0.1 && height >= 0.1 && width <= 100 && height <= 100 else {
                    throw ScriptError(.valueError, "figure size must be between 0.1 and 100 inches, not (\(width), \(height))")
                }
            }
            let dpi = try number(b[2]) ?? 100
            guard dpi >= 10 && dpi <= 1000 else { throw ScriptError(.valueError, "dpi must be between 10 and 1000") }
            if case .int(let n)? = b[0], let existing = state.figures.first(where: { $0.number == n }) {
                state.current = existing
                return .object(PyFigure(existing))
            }
            return .object(PyFigure(state.newFigure(width: width, height: height, dpi: dpi)))
        }

        m.function("plot", """
            plot(*args, label=None, color=None, linestyle=None, linewidth=1.5, marker=None, markersize=6)  Draws lines through points: plot(y) against 0, 1, 2…, plot(x, y), plot(x, y, 'ro--'); returns the list of lines.
            args: y, or x and y, each optionally followed by a format string of colour, marker and line style.
            label: the name the legend shows.
            color: a colour name ('red', 'C1') or '#rrggbb'; the next of the default cycle when None.
            linestyle: '-', '--', ':' or '-.'.
            """) { args, interp in
            let ax = axes()
            var groups: [(x: Value?, y: Value, fmt: String?)] = []
            var rest = args.positional[...]
            while let first = rest.first {
                rest = rest.dropFirst()
                var x: Value? = nil, y = first
                if let second = rest.first, !isString(second) {
                    x = first
                    y = second
                    rest = rest.dropFirst()
                }
                var fmt: String? = nil
                if let f = rest.first, case .str(let s) = f {
                    fmt = s.value
                    rest = rest.dropFirst()
                }
                if isString(y) { throw ScriptError(.valueError, "plot() takes numbers; a format string goes after the data") }
                groups.append((x, y, fmt))
            }
            var label: String?, color: RGB?, style: LineStyle?, marker: Marker?, width: Double?, size: Double?
            for (name, value) in args.keywords {
                switch name {
                case "label": label = try string(value, interp)
                case "color", "c": color = try PyplotModule.color(value)
                case "linestyle", "ls":
                    guard case .str(let s) = value, let parsed = LineStyle(rawValue: s.value == "None" ? "" : s.value) else {
                        throw ScriptError(.valueError, "linestyle must be '-', '--', ':', '-.' or ''")
                    }
                    style = parsed
                case "linewidth", "lw": width = try Conversions.double(value)
                case "marker":
                    guard case .str(let s) = value, s.value.count == 1, let parsed = Marker(rawValue: s.value.first!) else {
                        throw ScriptError(.valueError, "nn draws the markers 'o', '.', ',', 'x', '+', '*', 's', '^' and 'D'")
                    }
                    marker = parsed
                case "markersize", "ms": size = try Conversions.double(value)
                case "alpha", "zorder", "antialiased": break
                default: throw ScriptError(.attributeError, "Line2D.set() got an unexpected keyword argument '\(name)'")
                }
            }
            var lines: [Value] = []
            for group in groups {
                let ys = try columns(group.y, interp, "y")
                let xs = try group.x.map { try columns($0, interp, "x") }
                let parsed: (color: RGB?, marker: Marker?, style: LineStyle?) = try group.fmt.map(format) ?? (nil, nil, nil)
                for (i, y) in ys.enumerated() {
                    let x = xs.map { $0[min(i, $0.count - 1)] } ?? y.indices.map(Double.init)
                    guard x.count == y.count else {
                        throw ScriptError(.valueError, "x and y must have same first dimension, but have shapes (\(x.count),) and (\(y.count),)")
                    }
                    let series = Series(kind: .line, x: x, y: y, color: color ?? parsed.color ?? ax.takeColor(), label: label,
                                        lineStyle: style ?? parsed.style ?? .solid, marker: marker ?? parsed.marker)
                    if let width { series.lineWidth = max(0, min(width, 100)) }
                    if let size { series.markerSize = max(0, min(size, 100)) }
                    ax.series.append(series)
                    lines.append(.object(PyArtist(PyArtist.lineType, path: "matplotlib.lines.Line2D", series: series)))
                }
            }
            return .list(PyList(lines))
        }

        m.function("scatter", """
            scatter(x, y, s=None, c=None, marker='o', label=None)  Draws a marker at each point.
            s: the marker's area in points squared (36 by default).
            c: the colour.
            """) { args, interp in
            let b = try args.bind("scatter", ["x", "y", "s", "c", "marker", "cmap", "norm", "vmin", "vmax", "alpha", "linewidths", "edgecolors", "label", "color"], required: 2)
            let xs = try columns(b[0]!, interp, "x").flatMap { $0 }, ys = try columns(b[1]!, interp, "y").flatMap { $0 }
            guard xs.count == ys.count else { throw ScriptError(.valueError, "x and y must be the same size") }
            var marker = Marker.circle
            if let v = b[4], case .str(let s) = v {
                guard s.value.count == 1, let parsed = Marker(rawValue: s.value.first!) else {
                    throw ScriptError(.valueError, "nn draws the markers 'o', '.', ',', 'x', '+', '*', 's', '^' and 'D'")
                }
                marker = parsed
            }
            let ax = axes()
            let series = Series(kind: .scatter, x: xs, y: ys, color: try color(b[3]) ?? color(b[13]) ?? ax.takeColor(),
                                label: try b[12].map { try string($0, interp) }, marker: marker)
            if let s = try number(b[2]), s > 0 { series.markerSize = min(s.squareRoot(), 100) }
            ax.series.append(series)
            return .object(PyArtist(PyArtist.collectionType, path: "matplotlib.collections.PathCollection", series: series))
        }

        func label(_ name: String, x: String, y: String, _ set: @escaping (Axes, String) -> Void) {
            m.function(name, "\(name)(label)  Sets the \(name == "title" ? "axes' title" : name == "xlabel" ? "x axis' label" : "y axis' label").") { args, interp in
                guard let first = args.positional.first ?? args.keywords.first(where: { ["label", "xlabel", "ylabel"].contains($0.name) })?.value else {
                    throw ScriptError(.typeError, "\(name)() missing 1 required positional argument: '\(name == "title" ? "label" : name)'")
                }
                let text = try string(first, interp)
                set(axes(), text)
                return .object(PyText(x: x, y: y, text: text))
            }
        }
        label("xlabel", x: "0.5", y: "0") { $0.xlabel = $1 }
        label("ylabel", x: "0", y: "0.5") { $0.ylabel = $1 }
        label("title", x: "0.5", y: "1.0") { $0.title = $1 }

        m.function("legend", "legend(labels=None)  Shows a legend of the labelled lines in the upper right; labels, when given, name the lines in order.") { args, interp in
            let ax = axes()
            if let labels = args.positional.first {
                for (series, text) in zip(ax.series, try interp.collect(labels)) { series.label = try string(text, interp) }
            }
            ax.showsLegend = true
            return .object(PyArtist(PyArtist.legendType, path: "matplotlib.legend.Legend"))
        }

        m.function("grid", "grid(visible=None)  Draws grid lines at the ticks; grid() alone switches them on or off.") { args, interp in
            let b = try args.bind("grid", ["visible", "which", "axis", "color", "linestyle", "linewidth", "alpha"])
            let ax = axes()
            if let v = b[0], !v.isNone { ax.showsGrid = try interp.isTruthy(v) } else { ax.showsGrid.toggle() }
            return .none
        }

        func limits(_ name: String, low: [String], high: [String], _ get: @escaping (Axes) -> (Double, Double), _ set: @escaping (Axes, (Double, Double)) -> Void) {
            m.function(name, "\(name)(\(low[0])=None, \(high[0])=None)  Sets the axis' limits (or returns them, called without arguments).") { args, interp in
                let ax = axes()
                var (a, b) = get(ax)
                var given = false
                if let first = args.positional.first {
                    if args.positional.count == 1, let pair = NumpyConvert.sequence(first) {
                        guard pair.count == 2 else { throw ScriptError(.valueError, "\(name)() takes (\(low[0]), \(high[0]))") }
                        a = try Conversions.double(pair[0]); b = try Conversions.double(pair[1])
                    } else {
                        a = try Conversions.double(first)
                        if args.positional.count > 1 { b = try Conversions.double(args.positional[1]) }
                    }
                    given = true
                }
                for (key, value) in args.keywords where !value.isNone {
                    if low.contains(key) { a = try Conversions.double(value); given = true }
                    else if high.contains(key) { b = try Conversions.double(value); given = true }
                    else { throw ScriptError(.typeError, "\(name)() got an unexpected keyword argument '\(key)'") }
                }
                if given {
                    guard a.isFinite && b.isFinite else { throw ScriptError(.valueError, "Axis limits cannot be NaN or Inf") }
                    set(ax, (a, b))
                }
                return .tuple(PyTuple([.float(a), .float(b)]))
            }
        }
        limits("xlim", low: ["left", "xmin"], high: ["right", "xmax"], { $0.xLimits }) { $0.xlim = $1 }
        limits("ylim", low: ["bottom", "ymin"], high: ["top", "ymax"], { $0.yLimits }) { $0.ylim = $1 }

        m.function("subplot", "subplot(nrows, ncols, index)  Makes the axes at that place of an nrows × ncols grid current (subplot(211) is subplot(2, 1, 1)).") { args, _ in
            var spec = try args.positional.map { try Conversions.int($0) }
            if spec.count == 1, spec[0] >= 111, spec[0] <= 999 { spec = [spec[0] / 100, spec[0] / 10 % 10, spec[0] % 10] }
            guard spec.count == 3 else { throw ScriptError(.typeError, "subplot() takes (nrows, ncols, index) or a three-digit number") }
            let (rows, cols, index) = (spec[0], spec[1], spec[2])
            guard rows >= 1, cols >= 1, rows <= 20, cols <= 20 else { throw ScriptError(.valueError, "Number of rows and columns must be positive integers (at most 20), not \(rows) and \(cols)") }
            guard index >= 1 && index <= rows * cols else { throw ScriptError(.valueError, "num must be an integer with 1 <= num <= \(rows * cols), not \(index)") }
            return .object(PyAxes(state.currentFigure().subplot(rows: rows, columns: cols, index: index)))
        }

        m.function("gcf", "gcf()  The current figure.") { _, _ in .object(PyFigure(state.currentFigure())) }
        m.function("gca", "gca()  The current axes.") { _, _ in .object(PyAxes(axes())) }

        m.function("show", "show()  Draws every figure in the terminal (braille lines, in colour on a colour terminal), then closes them.") { args, interp in
            _ = try args.bind("show", ["block"])
            state.show(interp)
            return .none
        }

        m.function("savefig", """
            savefig(fname, dpi=None, format=None)  Writes the current figure to a file: PNG or SVG, chosen by the name's extension.
            fname: the file's path, ending in .png or .svg.
            dpi: pixels per inch for PNG; the figure's (100) by default.
            format: 'png' or 'svg', when the name has no extension.
            """) { args, interp in
            let b = try args.bind("savefig", ["fname", "dpi", "format", "bbox_inches", "transparent", "facecolor", "pad_inches"], required: 1)
            let path = try string(b[0]!, interp)
            let fromName = (path as NSString).pathExtension.lowercased()
            let kind = try b[2].flatMap { $0.isNone ? nil : try string($0, interp).lowercased() } ?? (fromName.isEmpty ? "png" : fromName)
            let figure = state.currentFigure()
            let data: [UInt8]
            switch kind {
            case "png":
                let dpi = try number(b[1]) ?? figure.dpi
                guard dpi >= 10 && dpi <= 1000 else { throw ScriptError(.valueError, "dpi must be between 10 and 1000") }
                do { data = try figure.png(dpi: dpi) } catch { throw ScriptError(.memoryError, "\(error)") }
            case "svg": data = Array(figure.svg().utf8)
            default: throw ScriptError(.valueError, "Format '\(kind)' is not supported (supported formats: png, svg)")
            }
            let target = path.contains(".") ? path : path + "." + kind
            guard FileManager.default.createFile(atPath: target, contents: Data(data)) else {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(try interp.repr(.string(target)))")
            }
            return .none
        }

        m.function("close", "close(fig=None)  Closes the current figure, a given one, or every figure with close('all').") { args, interp in
            let b = try args.bind("close", ["fig"])
            switch b[0] {
            case nil, .none?: if let f = state.current { state.close(f) }
            case .str(let s)? where s.value == "all": state.figures = []; state.current = nil
            case .object(let f as PyFigure)?: state.close(f.figure)
            case .int(let n)?: if let f = state.figures.first(where: { $0.number == n }) { state.close(f) }
            default: throw ScriptError(.typeError, "close() takes a Figure, a figure number or 'all'")
            }
            return .none
        }
        m.function("clf", "clf()  Clears the current figure.") { _, _ in
            state.currentFigure().clear()
            return .none
        }
        return m.build()
    }

    static func isString(_ v: Value) -> Bool {
        if case .str = v { return true }
        return false
    }
}
