/// One token of Swift source as ``DeclarationScanner`` needs it: words, the punctuation that shapes declarations,
/// string literals and documentation comments. Ordinary comments and whitespace are dropped.
public enum SourceToken: Equatable, Sendable {
    /// An identifier or keyword (a backquoted identifier without its backquotes).
    case word(String)
    /// One punctuation character (`{`, `}`, `(`, `)`, `<`, `>`, `:`, `,`, `=`, `.`, `@`, `#`, …).
    case symbol(UInt8)
    /// A string literal: its text when it is a plain single-line literal without escapes or interpolation, else nil.
    case string(String?)
    /// A documentation comment: the lines of a `///` comment, or of a `/** … */` block, without their markers.
    case documentation([String])
}
