import Foundation
import NNBindings
import NNLang

/// A notebook's code cells: from an .ipynb file (markdown cells left out) or from a script whose
/// cells are separated by `# %%` lines.
public struct Notebook {
    public struct Cell {
        /// 1-based among the code cells.
        public var number: Int
        public var source: String
    }

    public var cells: [Cell]

    /// The code cells of an .ipynb (nbformat 4: `cells`, each with `cell_type` and `source`).
    public static func load(ipynb data: Data) throws -> Notebook {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cells = root["cells"] as? [[String: Any]]
        else {
            throw NotebookError("not a Jupyter notebook: no \"cells\" list in its JSON")
        }
        var code: [Cell] = []
        for cell in cells where cell["cell_type"] as? String == "code" {
            let text: String
            if let lines = cell["source"] as? [String] {
                text = lines.joined()
            } else {
                text = cell["source"] as? String ?? ""
            }
            code.append(Cell(number: code.count + 1, source: text))
        }
        return Notebook(cells: code)
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

    /// True for an IPython magic or shell line (`%matplotlib inline`, `!pip install …`).
    static func isMagic(_ line: Substring) -> Bool {
        let t = line.drop { $0 == " " || $0 == "\t" }
        return t.hasPrefix("%") || t.hasPrefix("!")
    }

    /// `nn port`: the cells as one script, a `# %%` line before each, magics commented out.
    public func portedScript() -> String {
        cells.map { cell in
            let lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                Notebook.isMagic(line) ? "# " + line : String(line)
            }
            var body = lines.joined(separator: "\n")
            if !body.hasSuffix("\n") { body += "\n" }
            return "# %%\n" + body
        }.joined(separator: "\n")
    }
}

public struct NotebookError: Error, CustomStringConvertible {
    public let description: String
    init(_ message: String) { description = message }
}

/// Runs notebook cells in order in one interpreter, with Jupyter's display rule: a cell's last bare
/// expression is shown by its repr unless it is None. Magics are skipped with a notice each; an error
/// stops the run, its traceback naming the cell and the line in it.
public enum CellRunner {
    public static func run(_ notebook: Notebook, name: String, shortNames: Bool) -> Int32 {
        var status: Int32 = 0
        ScriptRunner.installInterruptHandler()
        ScriptRunner.onLargeStack {
            let interp = ScriptRunner.makeInterpreter(shortNames: shortNames)
            for cell in notebook.cells {
                // Magic lines become blank lines, so line numbers in tracebacks stay those of the cell.
                let lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false).map {
                    line -> Substring in
                    guard Notebook.isMagic(line) else { return line }
                    interp.output.flush()
                    writeStandardError(
                        "nn: skipped `\(line.trimmingCharacters(in: .whitespaces))` in cell \(cell.number): notebook magics and shell commands do nothing in nn\n"
                    )
                    return ""
                }
                let source = Source(name: "\(name), cell \(cell.number)", text: lines.joined(separator: "\n"))
                if let error = ScriptRunner.execute(source, in: interp, displayLast: true, echo: true, finish: true) {
                    status = error.exitStatus
                    break
                }
            }
            interp.output.flush()
        }
        return status
    }
}
