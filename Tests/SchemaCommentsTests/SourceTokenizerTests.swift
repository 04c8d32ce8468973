import SchemaCommentsScanner
import Testing

@Suite("SourceTokenizer: braces, quotes and comments inside literals never reach the scanner")
struct SourceTokenizerTests {
    func symbols(_ source: String) -> [String] {
        SourceTokenizer.tokens(of: source).compactMap {
            if case .symbol(let byte) = $0 { return String(UnicodeScalar(byte)) }
            return nil
        }
    }

    @Test("string literals of every kind hide their braces, quotes and comment markers")
    func literals() {
        let sources = [
            #"let a = "{ /// } \" {""#,
            "let a = \"\"\"\n  { \" /// }\n  \"\"\"",
            ##"let a = #"{ " } \"#"##,
            ###"let a = ##"{ "# } "##"###,
            #"let a = "x \(f("{", g(")")) ) }" y""#,
            "let a = \"unterminated {\nlet b = 1",
        ]
        for source in sources {
            #expect(!symbols(source).contains("{"), "\(source)")
            #expect(!symbols(source).contains("}"), "\(source)")
        }
    }

    @Test("plain literals keep their text; escaped, interpolated and multi-line ones do not")
    func literalText() {
        #expect(SourceTokenizer.tokens(of: #""first_name""#) == [.string("first_name")])
        #expect(SourceTokenizer.tokens(of: #""a\"b""#) == [.string(nil)])
        #expect(SourceTokenizer.tokens(of: #""a\(b)""#) == [.string(nil)])
        #expect(SourceTokenizer.tokens(of: "\"\"\"\nab\n\"\"\"") == [.string(nil)])
        #expect(SourceTokenizer.tokens(of: ##"#"raw"#"##) == [.string("raw")])
    }

    @Test("/// and /** */ are documentation; //, ////, /* */ and nested block comments are not")
    func comments() {
        #expect(
            SourceTokenizer.tokens(of: "/// One\n///   two\nvar") == [.documentation(["One", "  two"]), .word("var")])
        #expect(SourceTokenizer.tokens(of: "/** A\n * b */ var") == [.documentation(["A", "b "]), .word("var")])
        #expect(SourceTokenizer.tokens(of: "// x {\n//// y {\n/* a /* { */ } */ var") == [.word("var")])
        #expect(SourceTokenizer.tokens(of: "/**/ var") == [.word("var")])
    }

    @Test("backquoted identifiers are words; #if is a directive, #\" a raw string")
    func words() {
        #expect(
            SourceTokenizer.tokens(of: "var `default`: Int") == [
                .word("var"), .word("default"), .symbol(58), .word("Int"),
            ])
        #expect(SourceTokenizer.tokens(of: "#if DEBUG") == [.symbol(UInt8(ascii: "#")), .word("if"), .word("DEBUG")])
    }
}
