import Foundation
import NNBindings
import NNFloatText
import NNLang

#if canImport(Glibc)
import Glibc
#endif

/// A notebook's cells: from an .ipynb file or from a script whose cells are separated by `# %%` lines.
public struct Notebook {
    public struct Cell {
        /// 1-based among all the cells, as Jupyter counts them (markdown cells included).
        public var number: Int
        public var source: String
        public var isCode = true
    }

    public var cells: [Cell]

    public var codeCells: [Cell] { cells.filter(\.isCode) }

    /// The cells of an .ipynb (nbformat 4: `cells`, each with `cell_type` and `source`).
    public static func load(ipynb data: Data) throws -> Notebook {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            var detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            if !detail.contains("line") {
                // Foundation names no place for a file that ends too early: the end is the place.
                let text = String(decoding: data, as: UTF8.self)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                detail += " (the text ends at line \(lines.count), column \((lines.last?.count ?? 0) + 1))"
            }
            throw NotebookError("not a Jupyter notebook: its JSON is invalid: \(detail)")
        }
        guard let root = json as? [String: Any] else {
            throw NotebookError("not a Jupyter notebook: its JSON is not an object")
        }
        if let format = root["nbformat"] as? Int, format < 4 {
            throw NotebookError(
                "nbformat \(format) notebooks are not supported (nn reads nbformat 4); open and save it in Jupyter to convert it"
            )
        }
        guard let cells = root["cells"] as? [[String: Any]] else {
            throw NotebookError("not a Jupyter notebook: no \"cells\" list in its JSON")
        }
        return Notebook(
            cells: cells.enumerated().compactMap { i, cell in
                let type = cell["cell_type"] as? String
                guard type == "code" || type == "markdown" else { return nil }
                let text = (cell["source"] as? [String])?.joined() ?? cell["source"] as? String ?? ""
                return Cell(number: i + 1, source: text, isCode: type == "code")
            })
    }

    /// A script cut at its `# %%` lines (text before the first marker is a cell too, when not blank).
    public static func split(script text: String) -> Notebook {
        var cells: [Cell] = []
        var current: [Substring] = []
        func flush() {
            let body = current.joined(separator: "\n")
            if !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                cells.append(Cell(number: cells.count + 1, source: body + "\n"))
            }
            current = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# %%") { flush() } else { current.append(line) }
        }
        flush()
        return Notebook(cells: cells)
    }

    /// True for an IPython magic, shell or help line (`%matplotlib inline`, `!pip install …`,
    /// `files = !ls`, `x?`, `?x`).
    static func isMagic(_ line: Substring) -> Bool {
        let t = line.drop { $0 == " " || $0 == "\t" }
        if t.hasPrefix("%") || t.hasPrefix("!") || t.hasPrefix("?") { return true }
        let code = String(t).trimmingTrailingComment
        if code.hasSuffix("?") && !code.hasPrefix("#") { return true }
        // `name = !command` and `name = %magic`.
        if let eq = code.firstIndex(of: "="),
            code[code.startIndex..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " })
        {
            let rest = code[code.index(after: eq)...].drop { $0 == " " }
            return rest.hasPrefix("!") || rest.hasPrefix("%")
        }
        return false
    }

    /// The cell's code with each magic line replaced by `pass` at its indentation (so a magic inside
    /// a block leaves the block valid, and line numbers stay those of the cell).
    static func runnable(_ source: String, skipped: (Substring) -> Void = { _ in }) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard isMagic(line) else { return line }
            skipped(line)
            return line.prefix { $0 == " " || $0 == "\t" } + "pass"
        }.joined(separator: "\n")
    }

    /// Jupyter hides a cell's value when its last line ends with `;` (`plt.plot(x);`).
    static func hidesValue(_ source: String) -> Bool {
        let last = source.split(separator: "\n").last { !String($0).trimmingTrailingComment.isEmpty }
        return last.map { String($0).trimmingTrailingComment.hasSuffix(";") } ?? false
    }

    /// `nn port`: the cells as one script, a `# %%` line before each code cell with its magics
    /// commented out, and the markdown cells (the course's explanations) as comments.
    public func portedScript() -> String {
        cells.map { cell in
            let text = cell.isCode ? cell.source : String(cell.source.reversed().drop { $0 == "\n" }.reversed())
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                !cell.isCode ? (line.isEmpty ? "#" : "# " + line) : Notebook.isMagic(line) ? "# " + line : String(line)
            }
            var body = lines.joined(separator: "\n")
            if !body.hasSuffix("\n") { body += "\n" }
            return (cell.isCode ? "# %%\n" : "# %% [markdown]\n") + body
        }.joined(separator: "\n")
    }
}

public struct NotebookError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}

/// Runs notebook cells in order in one interpreter, with Jupyter's display rule: a cell's last bare
/// expression is shown by its repr unless it is None or the line ends with `;`. Magics are skipped
/// with a notice each; an error stops the run, its traceback naming the cell (numbered as Jupyter
/// numbers it, with its first line) and the line in it. On a terminal a light rule separates the
/// cells' outputs.
public enum CellRunner {
    public static func run(_ notebook: Notebook, name: String, shortNames: Bool) -> Int32 {
        var status: Int32 = 0
        ScriptRunner.installInterruptHandler()
        let onTerminal = isatty(1) != 0
        ScriptRunner.onLargeStack {
            let interp = ScriptRunner.makeInterpreter(shortNames: shortNames, program: name)
            for (i, cell) in notebook.codeCells.enumerated() {
                if onTerminal && i > 0 { interp.write("\u{1B}[2m── [\(cell.number)] ──\u{1B}[0m\n") }
                let text = Notebook.runnable(cell.source) { line in
                    interp.output.flush()
                    writeStandardError(
                        "nn: skipped `\(line.trimmingSpaces())` in cell \(cell.number): notebook magics and shell commands do nothing in nn\n"
                    )
                }
                let source = Source(name: "\(name), cell \(cell.number)\(title(cell))", text: text)
                let show = !Notebook.hidesValue(cell.source)
                if let error = ScriptRunner.execute(source, in: interp, displayLast: show, echo: show, finish: true) {
                    status = error.exitStatus
                    break
                }
                // What the cell printed is out before the next cell starts (or the run is killed).
                interp.output.flush()
            }
            interp.output.flush()
        }
        return status
    }

    /// ` (first line)` of a cell, shortened, for the traceback's file name.
    static func title(_ cell: Notebook.Cell) -> String {
        guard let first = cell.source.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return ""
        }
        let line = first.trimmingSpaces()
        return " (\(line.count > 40 ? line.prefix(39) + "…" : line))"
    }
}
