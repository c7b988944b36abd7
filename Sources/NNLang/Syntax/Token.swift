import BigInt

/// One piece of an f-string: literal text or a replacement field.
public enum FStringPart: Equatable, Sendable {
    case text(String)
    /// `{expression!conversion:spec}`; `selfDocumenting` holds the `expr=` prefix text.
    case field(
        source: String, at: SourceLocation, conversion: Character?, spec: [FStringPart]?, selfDocumenting: String?)
}

/// The kinds of token Python's tokenizer produces.
public enum TokenKind: Equatable, Sendable {
    case name(String)
    case keyword(String)
    case int(BigInt)
    case float(Double)
    case string([FStringPart], isFString: Bool)
    case op(String)
    case newline
    case indent
    case dedent
    case end
}

/// A token with its source range.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var range: SourceRange

    public var start: SourceLocation { range.start }

    /// True when this token is the operator or delimiter `text`.
    public func isOp(_ text: String) -> Bool {
        if case .op(let o) = kind { return o == text }
        return false
    }

    /// True when this token is the keyword `word`.
    public func isKeyword(_ word: String) -> Bool {
        if case .keyword(let k) = kind { return k == word }
        return false
    }
}

/// Python's reserved words (soft keywords such as `match` are ordinary names here).
public let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]
