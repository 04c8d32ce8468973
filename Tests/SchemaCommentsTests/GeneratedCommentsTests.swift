import Foundation
import SchemaCommentsScanner
import Testing

@Suite("GeneratedComments: the extensions the SchemaComments plugin adds")
struct GeneratedCommentsTests {
    func generated(_ sources: String...) -> String {
        GeneratedComments.source(for: sources.map(DeclarationScanner.scan))
    }

    @Test("one extension per SchemaDerivable type with documented properties, keyed by JSON name")
    func extensions() {
        let output = generated(
            """
            public enum Tools {
                public struct Person: SchemaDerivable {
                    /// Given
                    /// name.
                    ///
                    /// Second paragraph.
                    public var firstName: String
                    enum CodingKeys: String, CodingKey { case firstName = "first_name" }
                }
                struct Plain: Decodable {
                    /// Not derivable.
                    var a: Int
                }
                struct Bare: SchemaDerivable { var b: Int }
            }
            """,
            "extension Tools.Plain: SchemaDerivable {}")
        #expect(output.contains("extension `Tools`.`Person` {"))
        #expect(output.contains(#""first_name": "Given name.\n\nSecond paragraph.","#))
        #expect(output.contains("extension `Tools`.`Plain` {"))
        #expect(output.contains(#""a": "Not derivable.","#))
        #expect(!output.contains("Tools.Bare"))
        #expect(output.components(separatedBy: "nonisolated public static var schemaFieldComments").count == 3)
    }

    @Test("types another file cannot extend are left out")
    func hidden() {
        let output = generated("private struct Hidden: SchemaDerivable { /// h\n var h: Int }")
        #expect(!output.contains("extension"))
    }

    @Test("types declared inside an #if are left out: a build without that branch has no such type")
    func conditional() {
        let output = generated(
            """
            #if DEBUG
            struct S: SchemaDerivable { /// Debug.
                var a: Int }
            #else
            struct S: SchemaDerivable { /// Release.
                var a: Int }
            #endif
            struct T: SchemaDerivable {
                #if DEBUG
                struct Inner: SchemaDerivable { /// i
                    var i: Int }
                #endif
                /// After the block.
                var t: Int
            }
            """)
        #expect(!output.contains("`S`"))
        #expect(!output.contains("Inner"))
        #expect(output.contains(#""t": "After the block.","#))
    }

    @Test("left out: @available and @_spi types, subclasses of the target's classes, own comments via another name")
    func restricted() {
        let output = generated(
            """
            @available(macOS 99, *) public struct A: SchemaDerivable { /// a
                public var a: Int }
            @_spi(Internal) public struct B: SchemaDerivable { /// b
                public var b: Int }
            @available(*, deprecated) extension E { struct C: SchemaDerivable { /// c
                var c: Int } }
            public enum E {}
            open class Base: SchemaDerivable { /// base
                public var v: Int }
            final class Sub: Base, Input { /// sub
                var w: Int = 0 }
            protocol Input: SchemaDerivable {}
            struct D: SchemaDerivable { /// d
                var d: Int }
            typealias Alias = D
            extension Alias { static var schemaFieldComments: [String: String] { [:] } }
            """)
        #expect(!output.contains("`A`"))
        #expect(!output.contains("`B`"))
        #expect(!output.contains("`C`"))
        #expect(output.contains("extension `Base` {"))
        #expect(!output.contains("`Sub`"))
        #expect(!output.contains("`D`"))
        #expect(output.contains("[Swift.String: Swift.String]"))
    }

    @Test("comments become Swift literals that cannot break out: quotes, backslashes, controls")
    func escaping() {
        #expect(GeneratedComments.literal(#"say "hi" \(x) \n"#) == #""say \"hi\" \\(x) \\n""#)
        #expect(GeneratedComments.literal("a\u{0}b\u{7F}\té") == #""a\u{0}b\u{7f}\té""#)
        let output = generated(
            """
            struct S: SchemaDerivable {
                /// "} \\(crash()) \"""
                var a: Int
            }
            """)
        #expect(output.contains(#""a": "\"} \\(crash()) \"\"\"","#))
    }

    @Test("paragraphs: lines joined by spaces, blank lines kept as one")
    func text() {
        #expect(GeneratedComments.text(of: ["  One ", "two", "", "", "Three"]) == "One two\n\nThree")
        #expect(GeneratedComments.text(of: ["", " "]) == "")
    }

    @Test("one entry per JSON name: CodingKeys decide which properties are decoded, and under what name")
    func keys() {
        let output = generated(
            """
            struct P: SchemaDerivable {
                /// Given.
                var first: String
                /// Shown (computed, and not a coding key).
                var name: String { first }
                enum CodingKeys: String, CodingKey { case first = "name" }
            }
            struct Q: SchemaDerivable {
                #if DEBUG
                /// One.
                var x: Int
                #else
                /// Two.
                var x: Int
                #endif
            }
            """)
        #expect(output.contains(#""name": "Given.","#))
        #expect(!output.contains("Shown"))
        #expect(output.contains(#""x": "One.","#))
        #expect(!output.contains("Two."))
    }

    @Test("left out: files whose braces do not balance, types nested in imported ones, types with their own comments")
    func leftOut() {
        let output = generated(
            "enum E { static func f() { _ = /[}]/ } struct A: SchemaDerivable { /// a\n var a: Int } }",
            "extension ToolBackend { struct B: SchemaDerivable { /// b\n var b: Int } }",
            "struct C: SchemaDerivable { /// c\n var c: Int\n static var schemaFieldComments: [String: String] { [:] } }",
            "protocol Input: SchemaDerivable {}\nstruct D: Input { /// d\n var d: Int }")
        #expect(!output.contains("`A`"))
        #expect(!output.contains("`B`"))
        #expect(!output.contains("`C`"))
        #expect(output.contains("extension `D` {"))
    }
}
